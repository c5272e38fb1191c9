import type { DeadLetter, FlightEvent } from '@flights/schemas';

/**
 * Where replayed events go. `send` and `reject` buffer; a caller awaits
 * `ready()` only when `backlogged` is true, which keeps the hot loop cheap.
 */
export interface EventSink {
  send(event: FlightEvent): void;
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
