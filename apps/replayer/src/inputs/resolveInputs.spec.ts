import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { naturalSort, resolveInputs } from './resolveInputs.ts';

describe('resolveInputs', () => {
  const dir = mkdtempSync(join(tmpdir(), 'inputs-'));
  for (const name of ['chunk_10.csv', 'chunk_2.csv', 'chunk_1.csv', 'notes.txt']) writeFileSync(join(dir, name), 'x');
  mkdirSync(join(dir, 'more'));
  writeFileSync(join(dir, 'more', 'extra.ndjson'), '{}');

  it('orders chunk files naturally', () => {
    expect(naturalSort(['c_10.csv', 'c_2.csv', 'c_1.csv'])).toEqual(['c_1.csv', 'c_2.csv', 'c_10.csv']);
  });

  it('expands a directory to its supported files, recursively and in natural order', async () => {
    const { files, problems } = await resolveInputs([dir]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'chunk_1.csv',
      'chunk_2.csv',
      'chunk_10.csv',
      'more/extra.ndjson',
    ]);
    expect(problems).toEqual([]);
  });

  it('expands globs, keeps argument order, and names arguments that match nothing', async () => {
    const { files, problems } = await resolveInputs([
      join(dir, 'more', '*.ndjson'),
      join(dir, 'chunk_*.csv'),
      join(dir, 'missing*.csv'),
    ]);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'more/extra.ndjson',
      'chunk_1.csv',
      'chunk_2.csv',
      'chunk_10.csv',
    ]);
    expect(problems).toEqual([`${join(dir, 'missing*.csv')}: no such file, directory or matching glob`]);
  });
});
