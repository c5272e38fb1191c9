import { CompressionTypes, type Kafka, type Message, type Producer } from 'kafkajs';
import { ensureTopics } from '@flights/kafka';
import type { DeadLetter } from '@flights/schemas';
import type { EventSink } from './EventSink.ts';

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
export class KafkaSink implements EventSink {
  private readonly producer: Producer;
  private events: Message[] = [];
  private letters: Message[] = [];
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  acknowledged = 0;
  deadLettered = 0;
  failure: Error | undefined;

  private constructor(private readonly kafka: Kafka, private readonly options: Required<KafkaSinkOptions>) {
    this.producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });
  }

  static async open(kafka: Kafka, options: KafkaSinkOptions): Promise<KafkaSink> {
    const sink = new KafkaSink(kafka, { batchSize: 2000, lingerMs: 50, compression: 'gzip', ...options });
    await ensureTopics(kafka, [
      { topic: options.topic, numPartitions: options.partitions },
      { topic: options.deadLetterTopic, numPartitions: 1 },
    ]);
    await sink.producer.connect();
    sink.timer = setInterval(() => sink.flush(), sink.options.lingerMs);
    return sink;
  }

  get backlogged(): boolean {
    return this.inFlight >= 2 || this.events.length >= this.options.batchSize * 2;
  }

  send(key: string, value: string): void {
    this.throwIfFailed();
    // The record's timestamp is when it was sent, not the event time (that is `ts` in the value): the broker
    // deletes records by timestamp, and a history replay's events are weeks old, past a 7-day retention.
    this.events.push({ key, value, timestamp: String(Date.now()) });
    if (this.events.length >= this.options.batchSize) this.flush();
  }

  reject(letter: DeadLetter): void {
    this.throwIfFailed();
    this.letters.push({ value: JSON.stringify(letter), timestamp: String(letter.at) });
  }

  async ready(): Promise<void> {
    while (this.backlogged && !this.failure) {
      this.flush();
      await this.chain;
    }
    this.throwIfFailed();
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    this.flush();
    await this.chain;
    await this.producer.disconnect().catch(() => undefined);
    this.throwIfFailed();
  }

  private flush(): void {
    if (this.failure) return;
    const events = this.events;
    const letters = this.letters;
    if (events.length === 0 && letters.length === 0) return;
    this.events = [];
    this.letters = [];
    this.inFlight += 1;
    const compression = this.options.compression === 'gzip' ? CompressionTypes.GZIP : CompressionTypes.None;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        const topicMessages = [];
        if (events.length) topicMessages.push({ topic: this.options.topic, messages: events });
        if (letters.length) topicMessages.push({ topic: this.options.deadLetterTopic, messages: letters });
        await this.producer.sendBatch({ acks: -1, compression, topicMessages });
        this.acknowledged += events.length;
        this.deadLettered += letters.length;
      } catch (error) {
        this.failure = new KafkaDeliveryError(
          `Kafka did not acknowledge a batch of ${events.length} events after retries: ${(error as Error).message}`,
          { cause: error },
        );
      } finally {
        this.inFlight -= 1;
      }
    });
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
