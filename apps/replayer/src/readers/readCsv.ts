import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, CsvError } from 'csv-parse';
import { utf8Guard } from './utf8Guard.ts';
import { FileError } from './FileError.ts';
import type { FormatOptions } from '../formats/bindFormat.ts';
import { recordMapper } from './recordFromHeader.ts';
import type { RowSource, SourceItem } from './sourceItem.ts';

/** Semicolon when the header has more semicolons than commas outside quotes (European spreadsheet exports). */
export function detectDelimiter(firstLine: string): ',' | ';' {
  const unquoted = firstLine.replace(/"[^"]*"/g, '');
  const count = (char: string) => unquoted.split(char).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

async function firstLine(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split(/\r?\n/, 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

/** Streams a CSV (UTF-8 with or without BOM, LF or CRLF, comma or semicolon, quoted fields): memory stays flat. */
export async function readCsv(file: string, size: number, options: FormatOptions = {}): Promise<RowSource> {
  const delimiter = detectDelimiter(await firstLine(file));
  const guard = utf8Guard(file);
  const parser = createReadStream(file).pipe(guard).pipe(
    parse({
      bom: true,
      delimiter,
      relax_column_count: true,
      skip_empty_lines: true,
      // A "line" of megabytes is a wrong file, not a row.
      max_record_size: 1024 * 1024,
    }),
  );
  // pipe() does not forward errors: a bad byte must end the parse, not stall it.
  guard.on('error', (error) => parser.destroy(error));
  async function* items(): AsyncGenerator<SourceItem> {
    let toRecord: ReturnType<typeof recordMapper> | undefined;
    let row = 0;
    try {
      for await (const cells of parser as AsyncIterable<string[]>) {
        if (!toRecord) {
          toRecord = recordMapper(file, cells, options);
          continue;
        }
        row += 1;
        yield { kind: 'row', row, ...toRecord(cells) };
      }
    } catch (error) {
      if (error instanceof CsvError) throw new FileError(file, `unreadable CSV after data row ${row}: ${error.message}`, { cause: error });
      throw error;
    }
    if (!toRecord) throw new FileError(file, 'has no header row');
  }
  // The parser's own position: the read stream runs up to its buffers ahead of the rows handed out.
  return { size, position: () => parser.info.bytes, items: items() };
}
