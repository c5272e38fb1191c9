import { createReadStream } from 'node:fs';
import { boundedLines, LineTooLongError } from './boundedLines.ts';
import { countingStream } from './countingStream.ts';
import { FileError } from './FileError.ts';
import { READ_LIMITS, RECORD_LIMIT_HINT } from './readLimits.ts';
import { utf8Guard } from './utf8Guard.ts';
import type { RowSource, SourceItem } from './sourceItem.ts';

/** Streams newline-delimited JSON events, one per line; blank lines are skipped. */
export async function readNdjson(file: string, size: number): Promise<RowSource> {
  const counter = countingStream();
  const guard = utf8Guard(file);
  const lines = boundedLines(createReadStream(file).pipe(counter).pipe(guard), READ_LIMITS.maxRecordBytes);
  async function* items(): AsyncGenerator<SourceItem> {
    let row = 0;
    try {
      for await (const line of lines) {
        row += 1;
        if (line.trim() === '') continue;
        yield { kind: 'event', row, line };
      }
    } catch (error) {
      if (error instanceof LineTooLongError)
        throw new FileError(file, `not newline-delimited JSON: ${error.message} (${RECORD_LIMIT_HINT})`, {
          cause: error,
        });
      throw error;
    }
    // Invalid UTF-8 ended the bytes after the last good line: the lines before it are out, now the error.
    if (guard.failure) throw guard.failure;
  }
  return { size, position: () => counter.bytes, items: items() };
}
