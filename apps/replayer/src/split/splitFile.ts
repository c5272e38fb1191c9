import { once } from 'node:events';
import { createWriteStream, mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { csvLine } from '../csv/csvLine.ts';
import { FileError } from '../readers/FileError.ts';
import { openRows } from '../readers/openRows.ts';

/** The chunk each data row goes to: sizes differ by at most one row, earlier chunks take the extra rows. */
export function chunkOf(row: number, rows: number, chunks: number): number {
  const base = Math.floor(rows / chunks);
  const extra = rows % chunks;
  const boundary = extra * (base + 1);
  return row < boundary ? Math.floor(row / (base + 1)) : extra + Math.floor((row - boundary) / Math.max(1, base));
}

/**
 * Cuts a flight file (xlsx or csv) into `chunks` CSV files of near-equal size,
 * for the chunked replay workflow. Streams twice: once to count, once to write.
 */
export async function splitFile(
  input: string,
  chunks: number,
  outDir: string,
): Promise<{ files: string[]; rows: number }> {
  let rows = 0;
  let columns: string[] | undefined;
  const counting = await openRows(input);
  for await (const item of counting.items) {
    if (item.kind !== 'row') throw new FileError(input, 'split takes xlsx or csv flight files, not NDJSON');
    columns ??= Object.keys(item.record);
    rows += 1;
  }
  if (rows === 0 || !columns) throw new FileError(input, 'has no data rows to split');
  const parts = Math.min(chunks, rows);
  mkdirSync(outDir, { recursive: true });
  const stem = basename(input, extname(input));
  const width = String(parts).length;
  const files = Array.from({ length: parts }, (_, i) =>
    join(outDir, `${stem}_part${String(i + 1).padStart(Math.max(2, width), '0')}.csv`),
  );
  let current = -1;
  let out: ReturnType<typeof createWriteStream> | undefined;
  const writing = await openRows(input);
  let row = 0;
  for await (const item of writing.items) {
    if (item.kind !== 'row') continue;
    const chunk = chunkOf(row, rows, parts);
    if (chunk !== current) {
      if (out) {
        out.end();
        await once(out, 'finish');
      }
      current = chunk;
      out = createWriteStream(files[chunk]!);
      out.write(csvLine(columns));
    }
    const line = csvLine(columns.map((column) => item.record[column] ?? ''));
    if (!out!.write(line)) await once(out!, 'drain');
    row += 1;
  }
  if (out) {
    out.end();
    await once(out, 'finish');
  }
  return { files, rows };
}
