import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, CsvError, type Parser } from 'csv-parse';
import { READ_LIMITS, RECORD_LIMIT_HINT } from './readLimits.ts';
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

/** A record the parser could not read, in its place among the records; `fatal` when the rest of the file cannot be read either. */
interface Malformed {
  malformed: string;
  fatal: boolean;
}

/** Streams a CSV (UTF-8 with or without BOM, LF or CRLF, comma or semicolon, quoted fields): memory stays flat. */
export async function readCsv(file: string, size: number, options: FormatOptions = {}): Promise<RowSource> {
  const delimiter = detectDelimiter(await firstLine(file));
  const guard = utf8Guard(file);
  const parser: Parser = createReadStream(file)
    .pipe(guard)
    .pipe(
      parse({
        bom: true,
        delimiter,
        relax_column_count: true,
        skip_empty_lines: true,
        // A "line" of megabytes is a wrong record, not a row.
        max_record_size: READ_LIMITS.maxRecordBytes,
        // A malformed record (a stray quote, an unclosed one at the end, a huge line) is a rejected row
        // with its reason, in its place among the rows, and the parse goes on: as an error, it would end
        // the file and drop the good rows the parser still held.
        skip_records_with_error: true,
        on_skip: (error) => {
          // Past the size limit the parser resumes inside the same line: the rest would be fragments, not rows.
          const fatal = error?.code === 'CSV_MAX_RECORD_SIZE';
          parser.push({
            malformed: `${error?.message ?? 'malformed record'}${fatal ? ` (${RECORD_LIMIT_HINT})` : ''}`,
            fatal,
          } satisfies Malformed);
        },
      }),
    );
  async function* items(): AsyncGenerator<SourceItem> {
    let toRecord: ReturnType<typeof recordMapper> | undefined;
    let row = 0;
    try {
      for await (const cells of parser as AsyncIterable<string[] | Malformed>) {
        if (!Array.isArray(cells)) {
          if (!toRecord) throw new FileError(file, `unreadable CSV header: ${cells.malformed}`);
          if (cells.fatal) throw new FileError(file, `unreadable CSV after data row ${row}: ${cells.malformed}`);
          row += 1;
          yield { kind: 'row', row, ...toRecord([]), problem: cells.malformed, reason: 'unreadable CSV record' };
          continue;
        }
        if (!toRecord) {
          toRecord = recordMapper(file, cells, options);
          continue;
        }
        row += 1;
        yield { kind: 'row', row, ...toRecord(cells) };
      }
    } catch (error) {
      if (error instanceof CsvError)
        throw new FileError(file, `unreadable CSV after data row ${row}: ${error.message}`, { cause: error });
      throw error;
    }
    // Invalid UTF-8 ended the bytes after the last good line: the rows before it are out, now the error.
    if (guard.failure) throw guard.failure;
    if (!toRecord) throw new FileError(file, 'has no header row');
  }
  // The parser's own position: the read stream runs up to its buffers ahead of the rows handed out.
  return { size, position: () => parser.info.bytes, items: items() };
}
