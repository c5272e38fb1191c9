import type { FormatOptions } from '../formats/bindFormat.ts';
import { readCsv } from './readCsv.ts';
import { readNdjson } from './readNdjson.ts';
import { readXlsx } from './readXlsx.ts';
import { sniffFile } from './sniffFile.ts';
import { stallGuard } from './stallGuard.ts';
import type { RowSource } from './sourceItem.ts';

/** Checks a file and opens a streaming reader for its format. */
export async function openRows(file: string, options: FormatOptions = {}): Promise<RowSource> {
  const { format, size } = await sniffFile(file);
  const reader = format === 'xlsx' ? readXlsx : format === 'csv' ? readCsv : readNdjson;
  const source = await reader(file, size, options);
  // Whatever the parser does with a broken input, the read ends: rows, an error, or a stall reported as one.
  return { ...source, items: stallGuard(file, source.items) };
}
