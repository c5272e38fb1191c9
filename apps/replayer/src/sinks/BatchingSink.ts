import type { DeadLetter } from '@flights/schemas';
import type { EventSink, SentEvent } from './EventSink.ts';

export interface BatchingOptions {
  /** Events per request. */
  batchSize: number;
  /** How long a partly filled batch may wait (slow, paced replays). */
  lingerMs: number;
}

/**
 * Batches events and dead letters for a Kafka client, one request in flight
 * while the next fills: ordered, and `acknowledged` counts only what the
 * client confirmed. A subclass says how a record is made and a batch is
 * delivered (KafkaSink).
 */
export abstract class BatchingSink<R> implements EventSink {
  private events: R[] = [];
  /** The events of `events` as sent: their keys and JSON, kept to say which were not acknowledged. */
  private entries: SentEvent[] = [];
  private letters: R[] = [];
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  acknowledged = 0;
  deadLettered = 0;
  failure: Error | undefined;
  /**
   * After a failure, the events of the batch that was not acknowledged: Kafka may have written some of them
   * (a request per partition leader). Every event sent after them was never handed to Kafka.
   */
  inDoubt: SentEvent[] = [];
  /** The key of the last acknowledged event: where a resumed run takes over (send order is deterministic). */
  lastAcknowledgedKey: string | undefined;

  private readonly batching: BatchingOptions;

  protected constructor(batching: BatchingOptions) {
    this.batching = batching;
  }

  /** A record of the client for one event: its key (the event id) and its JSON. */
  protected abstract eventRecord(key: string, value: string): R;
  /** A record of the client for one dead letter. */
  protected abstract letterRecord(letter: DeadLetter): R;
  /** Sends one batch and settles when it is acknowledged (rejects when it is not, after the client's retries). */
  protected abstract deliver(events: R[], letters: R[]): Promise<void>;
  /** The failure to report for a batch that was not acknowledged. */
  protected abstract deliveryError(error: unknown, events: number): Error;
  /** Lets go of the client once everything was sent. */
  protected abstract disconnect(): Promise<void>;

  /** Starts sending partly filled batches every `lingerMs`. */
  protected startLinger(): void {
    this.timer = setInterval(() => this.flush(), this.batching.lingerMs);
  }

  get backlogged(): boolean {
    return this.inFlight >= 2 || this.events.length >= this.batching.batchSize * 2;
  }

  send(key: string, value: string): void {
    this.throwIfFailed();
    this.events.push(this.eventRecord(key, value));
    this.entries.push({ key, value });
    if (this.events.length >= this.batching.batchSize) this.flush();
  }

  reject(letter: DeadLetter): void {
    this.throwIfFailed();
    this.letters.push(this.letterRecord(letter));
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
    await this.disconnect().catch(() => undefined);
    this.throwIfFailed();
  }

  private flush(): void {
    if (this.failure) return;
    const events = this.events;
    const entries = this.entries;
    const letters = this.letters;
    if (events.length === 0 && letters.length === 0) return;
    this.events = [];
    this.entries = [];
    this.letters = [];
    this.inFlight += 1;
    this.chain = this.chain.then(async () => {
      if (this.failure) return;
      try {
        await this.deliver(events, letters);
        this.acknowledged += events.length;
        this.deadLettered += letters.length;
        this.lastAcknowledgedKey = entries.at(-1)?.key ?? this.lastAcknowledgedKey;
      } catch (error) {
        this.inDoubt = entries;
        this.failure = this.deliveryError(error, events.length);
      } finally {
        this.inFlight -= 1;
      }
    });
  }

  private throwIfFailed(): void {
    if (this.failure) throw this.failure;
  }
}
