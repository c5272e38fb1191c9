import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { countingStream } from './countingStream.ts';
import type { RowSource, SourceItem } from './sourceItem.ts';

/** Streams newline-delimited JSON events, one per line; blank lines are skipped. */
export async function readNdjson(file: string): Promise<RowSource> {
  const counter = countingStream();
  const lines = createInterface({ input: createReadStream(file).pipe(counter), crlfDelay: Infinity });
  async function* items(): AsyncGenerator<SourceItem> {
    let row = 0;
    for await (const line of lines) {
      row += 1;
      if (line.trim() === '') continue;
      yield { kind: 'event', row, line };
    }
  }
  return { bytesRead: () => counter.bytes, items: items() };
}
