import type { DeadLetter } from '@flights/schemas';

/** One event as handed to a sink: its key (the event id) and its JSON. */
export interface SentEvent {
  key: string;
  value: string;
}

/**
 * Where replayed events go. `send` and `reject` buffer; a caller awaits
 * `ready()` only when `backlogged` is true, which keeps the hot loop cheap.
 */
export interface EventSink {
  /** One event: its key (the event id) and its JSON, already serialized (by the preparing thread, stamped by the clock). */
  send(key: string, value: string): void;
  reject(letter: DeadLetter): void;
  readonly backlogged: boolean;
  ready(): Promise<void>;
  /** Events the destination has confirmed (Kafka: acknowledged by all in-sync replicas). */
  readonly acknowledged: number;
  readonly deadLettered: number;
  /** The first delivery failure; once set, nothing more is accepted. */
  readonly failure: Error | undefined;
  /** Sends what is buffered and waits for it. */
  close(): Promise<void>;
}
