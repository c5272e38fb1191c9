import { AGGREGATOR_METRICS, sumMetric, type PipelineHealth } from '@flights/schemas';

export type AggregatorStatus = Omit<PipelineHealth, 'dataChangedAt'>;

/** Reads the aggregator's /metrics for the dashboard's health strip; an unreachable aggregator is reported, not thrown. */
export async function readAggregatorStatus(metricsUrl: string): Promise<AggregatorStatus> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(1500) });
    const text = await response.text();
    return {
      aggregatorUp: response.ok,
      lagMessages: sumMetric(text, AGGREGATOR_METRICS.lag),
      // A labelled counter has no samples until its first increment: an up aggregator with none has seen zero.
      late: sumMetric(text, AGGREGATOR_METRICS.late) ?? (response.ok ? 0 : null),
      invalid: sumMetric(text, AGGREGATOR_METRICS.invalid) ?? (response.ok ? 0 : null),
    };
  } catch {
    return { aggregatorUp: false, lagMessages: null, late: null, invalid: null };
  }
}
