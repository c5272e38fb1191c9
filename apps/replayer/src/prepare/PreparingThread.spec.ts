import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileError } from '../readers/FileError.ts';
import { stampedBody } from './PreparedBatch.ts';
import { PreparingThread } from './PreparingThread.ts';

const SAMPLE = join(import.meta.dirname, '../../samples/flights-sample.csv');
// Vitest's own loader does not reach a worker thread: the worker's TypeScript is stripped by Node, as in the apps.
const thread = new PreparingThread([]);
afterEach(() => thread.close());

describe('PreparingThread', () => {
  it('hands a file over in file order, batch by batch, each event ready to stamp, with positions up to the file size', async () => {
    const file = await thread.open(SAMPLE, 'flights-sample.csv', {});
    let rows = 0;
    let position = 0;
    for await (const batch of file.batches) {
      rows += batch.kinds.length;
      expect(batch.position).toBeGreaterThan(position);
      position = batch.position;
      const event = JSON.parse(stampedBody(batch.bodies[0]!, 1));
      expect(event).toMatchObject({ v: 1, id: batch.keys[0], ts: 1, origin: { file: 'flights-sample.csv' } });
    }
    expect(rows).toBe(2000);
    expect(position).toBe(file.size);
  });

  it('fails a file it cannot read with its FileError (at the start or part-way), and reads the next file after it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'preparing-'));
    writeFileSync(join(dir, 'wrong.csv'), 'Airline,Price\nIndiGo,3897\n');
    writeFileSync(join(dir, 'empty.csv'), '');
    await expect(thread.open(join(dir, 'empty.csv'), 'empty.csv', {})).rejects.toBeInstanceOf(FileError);
    const wrong = await thread.open(join(dir, 'wrong.csv'), 'wrong.csv', {});
    const reading = (async () => {
      for await (const _batch of wrong.batches);
    })();
    await expect(reading).rejects.toThrow(/wrong\.csv: .*columns/);
    await expect(reading).rejects.toBeInstanceOf(FileError);
    const file = await thread.open(SAMPLE, 'flights-sample.csv', {});
    let rows = 0;
    for await (const batch of file.batches) rows += batch.kinds.length;
    expect(rows).toBe(2000);
  });

  it('a read left part-way ends its worker, and the next read starts a fresh one', async () => {
    const first = await thread.open(SAMPLE, 'flights-sample.csv', {});
    for await (const _batch of first.batches) break;
    const again = await thread.open(SAMPLE, 'flights-sample.csv', {});
    let rows = 0;
    for await (const batch of again.batches) rows += batch.kinds.length;
    expect(rows).toBe(2000);
  });
});
