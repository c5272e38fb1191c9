import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { csvLine } from '../csv/csvLine.ts';
import { generateKaggleRows, kaggleHeader, type GenerateOptions } from './generateKaggleRows.ts';

/** Writes generated rows as a Kaggle-format CSV, streaming (millions of rows in flat memory). */
export async function writeGeneratedCsv(path: string, options: GenerateOptions): Promise<void> {
  const out = createWriteStream(path);
  out.write(csvLine(kaggleHeader(options)));
  let pending = '';
  for (const row of generateKaggleRows(options)) {
    pending += csvLine(row);
    if (pending.length > 1 << 16) {
      if (!out.write(pending)) await once(out, 'drain');
      pending = '';
    }
  }
  out.end(pending);
  await once(out, 'finish');
}
