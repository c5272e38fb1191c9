import { type KafkaClientCounts, NO_KAFKA_CLIENT_COUNTS, registerKafkaClientMetrics } from '@flights/metrics';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { AGGREGATOR_METRICS } from '@flights/schemas';

/** Everything an operator (and the dashboard's health strip) needs to trust the numbers. */
export function createAggregatorMetrics(kafka: KafkaClientCounts = NO_KAFKA_CLIENT_COUNTS) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'aggregator_' });
  registerKafkaClientMetrics(registry, 'aggregator', kafka);
  const metrics = {
    registry,
    consumed: new Counter({
      name: AGGREGATOR_METRICS.consumed,
      help: 'Messages read from the flight topics',
      labelNames: ['topic'],
      registers: [registry],
    }),
    counted: new Counter({
      name: AGGREGATOR_METRICS.counted,
      help: 'Valid events counted into a minute',
      registers: [registry],
    }),
    invalid: new Counter({
      name: AGGREGATOR_METRICS.invalid,
      help: 'Messages that are not a valid flight event (dead-lettered)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    late: new Counter({
      name: AGGREGATOR_METRICS.late,
      help: 'Events later than the allowed lateness (dead-lettered)',
      registers: [registry],
    }),
    redelivered: new Counter({
      name: AGGREGATOR_METRICS.redelivered,
      help: 'Messages the Kafka client handed again (after a leader moved): skipped, never counted twice',
      registers: [registry],
    }),
    deadLettered: new Counter({
      name: AGGREGATOR_METRICS.deadLettered,
      help: 'Messages sent to the dead-letter topic',
      registers: [registry],
    }),
    lag: new Gauge({
      name: AGGREGATOR_METRICS.lag,
      help: 'Messages behind the partition end, at the last batch',
      labelNames: ['topic', 'partition'],
      registers: [registry],
    }),
    writeSeconds: new Histogram({
      name: AGGREGATOR_METRICS.writeSeconds,
      help: 'Time to write one flush to InfluxDB',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    writeFailures: new Counter({
      name: AGGREGATOR_METRICS.writeFailures,
      help: 'Failed InfluxDB writes (retried with backoff)',
      registers: [registry],
    }),
    pointsRefused: new Counter({
      name: AGGREGATOR_METRICS.pointsRefused,
      help: 'Writes in which InfluxDB refused a point for good (400); the other points were written, the point is not retried',
      registers: [registry],
    }),
    pointsWritten: new Counter({
      name: AGGREGATOR_METRICS.pointsWritten,
      help: 'Points written to InfluxDB (rewrites included)',
      registers: [registry],
    }),
    bufferedMinutes: new Gauge({
      name: AGGREGATOR_METRICS.bufferedMinutes,
      help: 'Partition-minutes held in memory (open or not yet written)',
      registers: [registry],
    }),
    lastWrite: new Gauge({
      name: AGGREGATOR_METRICS.lastWrite,
      help: 'When InfluxDB last accepted a write',
      registers: [registry],
    }),
    eventTimeLag: new Gauge({
      name: AGGREGATOR_METRICS.eventTimeLag,
      help: 'Now minus the newest event time seen',
      registers: [registry],
    }),
    beyondRetention: new Counter({
      name: AGGREGATOR_METRICS.beyondRetention,
      help: 'Events in minutes older than the 1-minute retention: not written, since InfluxDB would drop them without an error',
      registers: [registry],
    }),
    rollupSeconds: new Histogram({
      name: AGGREGATOR_METRICS.rollupSeconds,
      help: 'Time to re-roll the hourly rollups of old hours after writing their minutes',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    ...liveMetrics(registry),
  };
  return metrics;
}

/** The minutes topic's publishing: what went out, what failed (retried, never fatal), how long a send took. */
function liveMetrics(registry: Registry) {
  return {
    minutesPublished: new Counter({
      name: AGGREGATOR_METRICS.minutesPublished,
      help: 'Records published to the minutes topic (a point of an open minute whose values changed)',
      registers: [registry],
    }),
    minutesPublishFailures: new Counter({
      name: AGGREGATOR_METRICS.minutesPublishFailures,
      help: 'Failed sends to the minutes topic (retried with backoff; counting and writing go on)',
      registers: [registry],
    }),
    minutesPublishSeconds: new Histogram({
      name: AGGREGATOR_METRICS.minutesPublishSeconds,
      help: 'Time to send one publish of changed minutes to the minutes topic',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}

export type AggregatorMetrics = ReturnType<typeof createAggregatorMetrics>;
