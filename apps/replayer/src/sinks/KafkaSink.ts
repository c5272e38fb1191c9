import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { ensureTopics } from '@flights/kafka';
import type { DeadLetter } from '@flights/schemas';
import { BatchingSink } from './BatchingSink.ts';

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
export class KafkaSink extends BatchingSink<Message> {
  private readonly producer: Producer;

  private constructor(kafka: Kafka, private readonly options: Required<KafkaSinkOptions>) {
    super(options);
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  static async open(kafka: Kafka, options: KafkaSinkOptions): Promise<KafkaSink> {
    const sink = new KafkaSink(kafka, { batchSize: 2000, lingerMs: 50, compression: 'gzip', ...options });
    await ensureTopics(kafka, [
      { topic: options.topic, numPartitions: options.partitions },
      { topic: options.deadLetterTopic, numPartitions: 1 },
    ]);
    await sink.producer.connect();
    sink.startLinger();
    return sink;
  }

  protected eventRecord(key: string, value: string): Message {
    // The record's timestamp is when it was sent, not the event time (that is `ts` in the value): the broker
    // deletes records by timestamp, and a history replay's events are weeks old, past a 7-day retention.
    return { key, value, timestamp: String(Date.now()) };
  }

  protected letterRecord(letter: DeadLetter): Message {
    return { value: JSON.stringify(letter), timestamp: String(letter.at) };
  }

  protected async deliver(events: Message[], letters: Message[]): Promise<void> {
    const topicMessages = [];
    if (events.length) topicMessages.push({ topic: this.options.topic, messages: events });
    if (letters.length) topicMessages.push({ topic: this.options.deadLetterTopic, messages: letters });
    const compression = this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    await this.producer.sendBatch({ acks: -1, compression, topicMessages });
  }

  protected deliveryError(error: unknown, events: number): Error {
    return new KafkaDeliveryError(`Kafka did not acknowledge a batch of ${events} events after retries: ${(error as Error).message}`, { cause: error });
  }

  protected disconnect(): Promise<void> {
    return this.producer.disconnect();
  }
}
