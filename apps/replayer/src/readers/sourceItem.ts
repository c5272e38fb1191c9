import type { KaggleRecord } from '../normalize/kaggleColumns.ts';

/** One data row as read from a file, before normalization. */
export type SourceItem =
  | { kind: 'kaggle'; row: number; record: KaggleRecord; problem?: string }
  | { kind: 'event'; row: number; line: string };

export interface RowSource {
  /** Bytes of the file consumed so far, for progress and ETA. */
  bytesRead(): number;
  items: AsyncIterable<SourceItem>;
}

export type FileFormat = 'xlsx' | 'csv' | 'ndjson';
