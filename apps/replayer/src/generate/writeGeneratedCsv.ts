import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { csvLine } from '../csv/csvLine.ts';
import { generateCalendarRows, type CalendarOptions } from './calendarRows.ts';
import { generateKaggleRows, kaggleHeader, type GenerateOptions } from './generateKaggleRows.ts';

/** A number of rows on random 2019 dates, or consecutive calendar days with the daily and weekly rhythm. */
export type GeneratedFileOptions = GenerateOptions | CalendarOptions;

/**
 * Writes generated rows as a Kaggle-format CSV, streaming (millions of rows in flat memory); resolves with the
 * number of data rows.
 */
export async function writeGeneratedCsv(path: string, options: GeneratedFileOptions): Promise<number> {
  const out = createWriteStream(path);
  out.write(csvLine(kaggleHeader(options)));
  const rows = 'from' in options ? generateCalendarRows(options) : generateKaggleRows(options);
  let pending = '';
  let count = 0;
  for (const row of rows) {
    pending += csvLine(row);
    count += 1;
    if (pending.length > 1 << 16) {
      if (!out.write(pending)) await once(out, 'drain');
      pending = '';
    }
  }
  out.end(pending);
  await once(out, 'finish');
  return count;
}
