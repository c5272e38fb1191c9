import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { utf8Guard } from './utf8Guard.ts';

/** The bytes passed on, then the guard's failure thrown, as the readers do. */
async function pass(chunks: Buffer[], out: Buffer[] = []): Promise<string> {
  const guard = utf8Guard('f.csv');
  for await (const chunk of Readable.from(chunks).pipe(guard)) out.push(chunk as Buffer);
  if (guard.failure) throw guard.failure;
  return Buffer.concat(out).toString('utf8');
}

describe('utf8Guard', () => {
  it('passes valid UTF-8 through, a character split across chunks included', async () => {
    const bytes = Buffer.from('Zürich');
    expect(await pass([bytes.subarray(0, 2), bytes.subarray(2)])).toBe('Zürich');
  });

  it('fails on an invalid byte past the sniffed head, naming the file and where', async () => {
    await expect(pass([Buffer.from('Airline\n'), Buffer.from('A\xe9roflot\n', 'latin1')])).rejects.toThrow(
      'f.csv: is not valid UTF-8 text after byte 8',
    );
  });

  it('fails on a file cut in the middle of a character', async () => {
    await expect(pass([Buffer.from('Z'), Buffer.from([0xc3])])).rejects.toThrow(/middle of a UTF-8 character/);
  });

  it('passes the lines before an invalid one on before it fails: the rows before the damage still count', async () => {
    const out: Buffer[] = [];
    await expect(
      pass([Buffer.from('Airline\nIndiGo\nA'), Buffer.from('\xe9roflot\nGoAir\n', 'latin1')], out),
    ).rejects.toThrow('f.csv: is not valid UTF-8 text after byte 15');
    expect(Buffer.concat(out).toString()).toBe('Airline\nIndiGo\n');
  });
});
