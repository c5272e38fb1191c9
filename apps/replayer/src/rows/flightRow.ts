import { hash } from 'node:crypto';
import { basename } from 'node:path';
import type { FlightEvent } from '@flights/schemas';

/*
 * What every format makes of a row, in one place: the flight before the clock
 * stamps it, where the row came from, the result of reading it, and its id.
 */

/** A normalized flight before the clock gives it its event time. */
export type UnstampedFlight = Omit<FlightEvent, 'ts'>;

export interface RowOrigin {
  file: string;
  row: number;
}

export type RowResult = { ok: true; flight: UnstampedFlight } | { ok: false; reason: string; column?: string };

/**
 * The same row of the same file always gets the same id, wherever the file
 * lies, so a re-sent row is recognisable downstream.
 */
export function eventId(origin: RowOrigin, record: Readonly<Record<string, string | undefined>>): string {
  // One update of one string: the same bytes (so the same ids) as an update per field, which made a
  // Buffer per field, a large share of the replayer's time in a CPU profile.
  let text = `${basename(origin.file)}\u0000${origin.row}`;
  for (const value of Object.values(record)) text += `\u0000${value ?? ''}`;
  // crypto.hash: one call instead of a Hash object's three (createHash, update, digest); the same digest.
  return hash('sha1', text, 'hex').slice(0, 24);
}
