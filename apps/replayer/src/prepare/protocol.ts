import type { FormatOptions } from '../formats/bindFormat.ts';
import type { PreparedBatch } from './PreparedBatch.ts';

/** What the sending thread asks of the preparing thread. */
export type ToPreparer =
  /** Read a file: `name` is what events and dead letters call it (not its path). */
  | { kind: 'read'; file: string; name: string; formats: FormatOptions }
  /** The sender took a batch: one more may be prepared ahead. */
  | { kind: 'more' };

/** What the preparing thread tells the sending thread, per read, in this order. */
export type FromPreparer =
  | { kind: 'opened'; size: number }
  | { kind: 'batch'; batch: PreparedBatch }
  | { kind: 'end' }
  /** `fileError`: the file cannot be read (a FileError, its problem given); otherwise a fault of the program. */
  | { kind: 'failed'; fileError: boolean; problem: string; stack?: string };

/** Rows per batch: large enough that a message's cost is spread thin, small enough that progress moves. */
export const BATCH_ROWS = 1000;
/** Batches prepared ahead of the sender: a bound on memory, and enough that the sender never waits on a full pipe. */
export const BATCHES_AHEAD = 8;
