import type { RowOrigin, RowResult } from '../rows/flightRow.ts';

/** A row's cells by column name: Kaggle's names for the fare file, the header's own for the others. */
export type RowRecord = Record<string, string>;

/** How one file's rows become flights, decided once from its header. */
export interface RowFormat {
  /** "fare", "nycflights13", "kaggle-2015", "bts", "mapped". */
  readonly name: string;
  /** A data row's cells (header order) by column name. */
  record(cells: readonly string[]): RowRecord;
  /** A record to a normalized flight, or the reason it cannot be one. */
  parse(record: RowRecord, origin: RowOrigin): RowResult;
}

export type FormatBinding = { ok: true; format: RowFormat } | { ok: false; problem: string };
