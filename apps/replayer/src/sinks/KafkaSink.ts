import {
  ensureTopics,
  errorMessages,
  type KafkaClients,
  type MessageToProduce,
  type StringProducer,
} from '@flights/kafka';
import type { DeadLetter } from '@flights/schemas';
import { BatchingSink } from './BatchingSink.ts';

/** A record as the client takes it: topic, string key and value, send time. */
type OutgoingRecord = MessageToProduce<string, string, string, string>;

export class KafkaDeliveryError extends Error {
  override name = 'KafkaDeliveryError';
}

export interface KafkaSinkOptions {
  topic: string;
  deadLetterTopic: string;
  partitions: number;
  batchSize?: number;
  /** How long a partly filled batch may wait (slow, paced replays). */
  lingerMs?: number;
  compression?: 'gzip' | 'none';
}

/**
 * Batches events into an idempotent producer with acks from all in-sync
 * replicas. One batch is in flight while the next fills: ordered, no
 * duplicates on retry, and `acknowledged` counts only what Kafka confirmed.
 *
 * Key: the event id. It spreads load evenly over partitions (carriers and
 * routes are heavily skewed: five routes carry every flight of the sample)
 * and sends a re-sent row to the same partition as the original.
 */
export class KafkaSink extends BatchingSink<OutgoingRecord> {
  private readonly producer: StringProducer;

  private readonly options: Required<KafkaSinkOptions>;

  /**
   * Per partition of the topic, where Kafka put the last acknowledged batch (its base offset): anything written
   * of a batch not acknowledged lies after it, which is where a resumed run looks for it.
   */
  readonly acknowledgedOffsets = new Map<number, bigint>();

  private constructor(kafka: KafkaClients, options: Required<KafkaSinkOptions>) {
    super(options);
    this.options = options;
    this.producer = kafka.producer();
  }

  static async open(kafka: KafkaClients, options: KafkaSinkOptions): Promise<KafkaSink> {
    const sink = new KafkaSink(kafka, { batchSize: 2000, lingerMs: 50, compression: 'gzip', ...options });
    await ensureTopics(kafka, [
      { topic: options.topic, numPartitions: options.partitions },
      { topic: options.deadLetterTopic, numPartitions: 1 },
    ]);
    // Connected before the first event: a broker that cannot be used fails the open, not the first batch.
    await sink.producer.metadata({ topics: [options.topic] });
    sink.startLinger();
    return sink;
  }

  protected eventRecord(key: string, value: string): OutgoingRecord {
    // The record's timestamp is when it was sent, not the event time (that is `ts` in the value): the broker
    // deletes records by timestamp, and a history replay's events are weeks old, past a 7-day retention.
    return { topic: this.options.topic, key, value, timestamp: BigInt(Date.now()) };
  }

  protected letterRecord(letter: DeadLetter): OutgoingRecord {
    return { topic: this.options.deadLetterTopic, value: JSON.stringify(letter), timestamp: BigInt(letter.at) };
  }

  protected async deliver(events: OutgoingRecord[], letters: OutgoingRecord[]): Promise<void> {
    const result = await this.producer.send({
      messages: letters.length ? [...events, ...letters] : events,
      compression: this.options.compression,
    });
    for (const { topic, partition, offset } of result.offsets ?? [])
      if (topic === this.options.topic) this.acknowledgedOffsets.set(partition, offset);
  }

  protected deliveryError(error: unknown, events: number): Error {
    return new KafkaDeliveryError(
      // The client's words and the broker's under them, once each (a retried error repeats its causes).
      `Kafka did not acknowledge a batch of ${events} events after retries: ${[...new Set(errorMessages(error))].join(' ← ')}`,
      { cause: error },
    );
  }

  protected disconnect(): Promise<void> {
    return this.producer.close();
  }
}
