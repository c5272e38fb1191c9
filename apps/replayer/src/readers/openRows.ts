import { readCsv } from './readCsv.ts';
import { readNdjson } from './readNdjson.ts';
import { readXlsx } from './readXlsx.ts';
import { sniffFile } from './sniffFile.ts';
import type { RowSource } from './sourceItem.ts';

/** Checks a file and opens a streaming reader for its format. */
export async function openRows(file: string): Promise<RowSource> {
  const { format, size } = await sniffFile(file);
  const reader = format === 'xlsx' ? readXlsx : format === 'csv' ? readCsv : readNdjson;
  return reader(file, size);
}
