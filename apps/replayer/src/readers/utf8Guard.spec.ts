import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { utf8Guard } from './utf8Guard.ts';

async function pass(chunks: Buffer[]): Promise<string> {
  // Decode the bytes once at the end: the guard passes chunks through as they
  // came, a character split across two of them included.
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(chunks).pipe(utf8Guard('f.csv'))) out.push(chunk as Buffer);
  return Buffer.concat(out).toString('utf8');
}

describe('utf8Guard', () => {
  it('passes valid UTF-8 through, a character split across chunks included', async () => {
    const bytes = Buffer.from('Zürich');
    expect(await pass([bytes.subarray(0, 2), bytes.subarray(2)])).toBe('Zürich');
  });

  it('fails on an invalid byte past the sniffed head, naming the file and where', async () => {
    await expect(pass([Buffer.from('Airline\n'), Buffer.from('A\xe9roflot\n', 'latin1')])).rejects.toThrow('f.csv: is not valid UTF-8 text after byte 8');
  });

  it('fails on a file cut in the middle of a character', async () => {
    await expect(pass([Buffer.from('Z'), Buffer.from([0xc3])])).rejects.toThrow(/middle of a UTF-8 character/);
  });
});
