import type { PipelineHealth } from '@flights/schemas';

/** Sums every sample of one metric in Prometheus text (all label sets). */
export function sumMetric(text: string, name: string): number | null {
  let found = false;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) {
      found = true;
      sum += value;
    }
  }
  return found ? sum : null;
}

export type AggregatorStatus = Omit<PipelineHealth, 'dataChangedAt'>;

/** Reads the aggregator's /metrics for the dashboard's health strip; an unreachable aggregator is reported, not thrown. */
export async function readAggregatorStatus(metricsUrl: string): Promise<AggregatorStatus> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(1500) });
    const text = await response.text();
    return {
      aggregatorUp: response.ok,
      lagMessages: sumMetric(text, 'aggregator_partition_lag'),
      // A labelled counter has no samples until its first increment: an up aggregator with none has seen zero.
      late: sumMetric(text, 'aggregator_events_late_total') ?? (response.ok ? 0 : null),
      invalid: sumMetric(text, 'aggregator_events_invalid_total') ?? (response.ok ? 0 : null),
    };
  } catch {
    return { aggregatorUp: false, lagMessages: null, late: null, invalid: null };
  }
}
