import { Counter, type Registry } from 'prom-client';

/** What the Kafka clients lived through, as @flights/kafka's KafkaClientStats counts it. */
export interface KafkaClientCounts {
  readonly retries: ReadonlyMap<string, number>;
  readonly leaderChanges: number;
}

/** No client watched (a dry run, a spec): the metrics are there, at zero. */
export const NO_KAFKA_CLIENT_COUNTS: KafkaClientCounts = { retries: new Map(), leaderChanges: 0 };

/**
 * `<prefix>_kafka_retries_total{operation}` and `<prefix>_kafka_leader_changes_total`,
 * read from the counts at each scrape: on a cluster, how often requests were
 * retried and how many partition leaders moved under the app.
 */
export function registerKafkaClientMetrics(registry: Registry, prefix: string, counts: KafkaClientCounts): void {
  new Counter({
    name: `${prefix}_kafka_retries_total`,
    help: 'Kafka requests tried again after a retriable error, by operation (produce, fetch, metadata, …)',
    labelNames: ['operation'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [operation, count] of counts.retries) this.inc({ operation }, count);
    },
  });
  new Counter({
    name: `${prefix}_kafka_leader_changes_total`,
    help: 'Partition leaders seen to move (a broker lost, restarted or rebalanced)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(counts.leaderChanges);
    },
  });
}
