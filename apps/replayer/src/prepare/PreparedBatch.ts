import type { DeadLetter } from '@flights/schemas';
import { scheduledDeparture } from '../clock/replayClock.ts';
import type { ItemOutcome } from '../normalize/normalizeItem.ts';

/**
 * Rows of a file made ready to send, in file order: what the preparing
 * thread hands the sending thread. An event is its key, its JSON without the
 * event time (which only the sender's clock can give), and its scheduled
 * departure (for the clock and the sort of schedule and history modes).
 * Flat arrays of strings and numbers: they cross a thread boundary cheaply,
 * unlike an object per row.
 */
export interface PreparedBatch {
  /** Per row, in file order: 1 an event, 0 a rejected row (the next of `letters`). */
  kinds: number[];
  /** Per event: the key (its id). */
  keys: string[];
  /** Per event: the JSON object without `ts` and the closing brace (`stampedBody` completes it). */
  bodies: string[];
  /** Per event: scheduled departure in epoch ms, the local time read as UTC (`scheduledDeparture`). */
  scheduled: number[];
  /** Per rejected row: its dead letter. */
  letters: DeadLetter[];
  /** How far the rows of this batch reach in the file, in the source's unit (bytes, or a workbook's rows). */
  position: number;
}

export const emptyBatch = (): PreparedBatch => ({
  kinds: [],
  keys: [],
  bodies: [],
  scheduled: [],
  letters: [],
  position: 0,
});

/** Adds one normalized row to a batch: an event ready to stamp, or the dead letter of a rejected row. */
export function addOutcome(batch: PreparedBatch, outcome: ItemOutcome, origin: { file: string; row: number }): void {
  if (outcome.ok) {
    const json = JSON.stringify(outcome.flight);
    batch.kinds.push(1);
    batch.keys.push(outcome.flight.id);
    batch.bodies.push(json.slice(0, -1));
    batch.scheduled.push(scheduledDeparture(outcome.flight));
    return;
  }
  batch.kinds.push(0);
  batch.letters.push({
    v: 1,
    stage: 'replayer',
    reason: outcome.reason,
    detail: outcome.detail,
    origin,
    raw: outcome.raw,
    at: Date.now(),
  });
}

/**
 * The event's JSON with its time: the same bytes as `JSON.stringify({ ...flight, ts })`
 * (`ts` comes last there too), without serializing the flight again on the sending thread.
 */
export function stampedBody(body: string, ts: number): string {
  return `${body},"ts":${ts}}`;
}
