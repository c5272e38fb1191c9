import { describe, expect, it } from 'vitest';
import { AGGREGATOR_METRICS, sumMetric } from './aggregatorMetrics.ts';

const TEXT = `# HELP aggregator_events_invalid_total Messages that are not a valid flight event
# TYPE aggregator_events_invalid_total counter
aggregator_events_invalid_total{reason="not JSON"} 3
aggregator_events_invalid_total{reason="schema"} 4
aggregator_events_invalid_total_extra 100
aggregator_partition_lag{topic="t",partition="0"} 0
aggregator_events_counted_total 10683
`;

describe('sumMetric', () => {
  it('sums every label set of one metric and ignores metrics that only share its prefix', () => {
    expect(sumMetric(TEXT, AGGREGATOR_METRICS.invalid)).toBe(7);
    expect(sumMetric(TEXT, AGGREGATOR_METRICS.counted)).toBe(10683);
  });

  it('tells a zero sample from a metric with no samples', () => {
    expect(sumMetric(TEXT, AGGREGATOR_METRICS.lag)).toBe(0);
    expect(sumMetric(TEXT, AGGREGATOR_METRICS.late)).toBeNull();
  });
});
