import { describe, expect, it } from 'vitest';
import { boundedLines, LineTooLongError } from './boundedLines.ts';

async function lines(chunks: string[], maxBytes = 100): Promise<string[]> {
  const out: string[] = [];
  for await (const line of boundedLines(
    chunks.map((chunk) => Buffer.from(chunk)),
    maxBytes,
  ))
    out.push(line);
  return out;
}

describe('boundedLines', () => {
  it('splits LF and CRLF lines across chunk boundaries, last line without a newline included', async () => {
    expect(await lines(['a\r\nb', 'c\n\nd', 'e'])).toEqual(['a', 'bc', '', 'de']);
  });

  it('keeps a multi-byte character split between chunks whole', async () => {
    const bytes = Buffer.from('Zürich\n');
    const out: string[] = [];
    for await (const line of boundedLines([bytes.subarray(0, 2), bytes.subarray(2)], 100)) out.push(line);
    expect(out).toEqual(['Zürich']);
  });

  it('stops at a line longer than the cap, naming its number, before holding it whole', async () => {
    const endless = (async function* () {
      yield Buffer.from('ok\n');
      for (let i = 0; i < 1_000_000; i += 1) yield Buffer.alloc(64, 'x');
    })();
    const seen: string[] = [];
    const error = await (async () => {
      for await (const line of boundedLines(endless, 1000)) seen.push(line);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['ok']);
    expect(error).toBeInstanceOf(LineTooLongError);
    expect((error as LineTooLongError).line).toBe(2);
  });

  it('accepts a line of exactly the cap', async () => {
    expect(await lines(['x'.repeat(100), '\nnext'], 100)).toEqual(['x'.repeat(100), 'next']);
  });
});
