import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Everything an operator (and the dashboard's health strip) needs to trust the numbers. */
export function createAggregatorMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'aggregator_' });
  const metrics = {
    registry,
    consumed: new Counter({ name: 'aggregator_events_consumed_total', help: 'Messages read from the flight topics', labelNames: ['topic'], registers: [registry] }),
    counted: new Counter({ name: 'aggregator_events_counted_total', help: 'Valid events counted into a minute', registers: [registry] }),
    invalid: new Counter({ name: 'aggregator_events_invalid_total', help: 'Messages that are not a valid flight event (dead-lettered)', labelNames: ['reason'], registers: [registry] }),
    late: new Counter({ name: 'aggregator_events_late_total', help: 'Events later than the allowed lateness (dead-lettered)', registers: [registry] }),
    deadLettered: new Counter({ name: 'aggregator_dead_lettered_total', help: 'Messages sent to the dead-letter topic', registers: [registry] }),
    lag: new Gauge({ name: 'aggregator_partition_lag', help: 'Messages behind the partition end, at the last batch', labelNames: ['topic', 'partition'], registers: [registry] }),
    writeSeconds: new Histogram({ name: 'aggregator_write_duration_seconds', help: 'Time to write one flush to InfluxDB', buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [registry] }),
    writeFailures: new Counter({ name: 'aggregator_write_failures_total', help: 'Failed InfluxDB writes (retried with backoff)', registers: [registry] }),
    pointsWritten: new Counter({ name: 'aggregator_points_written_total', help: 'Points written to InfluxDB (rewrites included)', registers: [registry] }),
    bufferedMinutes: new Gauge({ name: 'aggregator_buffered_minutes', help: 'Partition-minutes held in memory (open or not yet written)', registers: [registry] }),
    lastWrite: new Gauge({ name: 'aggregator_last_successful_write_timestamp_seconds', help: 'When InfluxDB last accepted a write', registers: [registry] }),
    eventTimeLag: new Gauge({ name: 'aggregator_event_time_lag_seconds', help: 'Now minus the newest event time seen', registers: [registry] }),
  };
  return metrics;
}

export type AggregatorMetrics = ReturnType<typeof createAggregatorMetrics>;
