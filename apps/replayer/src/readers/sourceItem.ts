import type { RowFormat, RowRecord } from '../formats/RowFormat.ts';

/** One data row as read from a file, before normalization. */
export type SourceItem =
  /** A row of a table file (CSV, xlsx), named by its header and read by the format the header chose. */
  /** `problem`: why the row cannot be read (`reason` groups it for counting; default "wrong field count"). */
  | { kind: 'row'; row: number; record: RowRecord; format: RowFormat; problem?: string; reason?: string }
  | { kind: 'event'; row: number; line: string };

export interface RowSource {
  /** How much there is, in the unit of `position`: bytes of a CSV or NDJSON file, data rows of a workbook. */
  size: number;
  /** How far the rows handed out so far reach, for progress and ETA (not how far the file was read ahead). */
  position(): number;
  items: AsyncIterable<SourceItem>;
}

export type FileFormat = 'xlsx' | 'csv' | 'ndjson';
