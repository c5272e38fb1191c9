import type { BytesConsumer } from '@flights/kafka';
import type { AggregatorMetrics } from '../metrics/aggregatorMetrics.ts';

/**
 * The lag gauge: messages between the last one handled and each assigned
 * partition's end, asked of the brokers every `intervalMs` (the fetched
 * messages do not carry the partition's end). A failed ask leaves the
 * gauge as it was: the broker may be away, which the consumer reports.
 */
export class PartitionLag {
  private readonly last = new Map<string, bigint>();
  private timer: NodeJS.Timeout | undefined;

  private readonly consumer: BytesConsumer;
  private readonly gauge: AggregatorMetrics['lag'];

  constructor(consumer: BytesConsumer, gauge: AggregatorMetrics['lag']) {
    this.consumer = consumer;
    this.gauge = gauge;
  }

  handled(topic: string, partition: number, offset: bigint): void {
    this.last.set(`${topic}\u0000${partition}`, offset);
  }

  start(topics: string[], intervalMs = 5000): void {
    this.timer = setInterval(() => void this.probe(topics).catch(() => undefined), intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async probe(topics: string[]): Promise<void> {
    const ends = await this.consumer.listOffsets({ topics });
    for (const { topic, partitions } of this.consumer.assignments ?? []) {
      for (const partition of partitions) {
        const end = ends.get(topic)?.[partition];
        const last = this.last.get(`${topic}\u0000${partition}`);
        if (end === undefined || last === undefined) continue;
        this.gauge.set({ topic, partition }, Math.max(0, Number(end - last - 1n)));
      }
    }
  }
}
