import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FileError } from './FileError.ts';
import { stallGuard } from './stallGuard.ts';

/** An iterator that hands out `first`, then waits forever. */
async function* thenNothing<T>(first: T[]): AsyncGenerator<T> {
  yield* first;
  await new Promise(() => {});
}

async function* thenEnd<T>(items: T[]): AsyncGenerator<T> {
  yield* items;
}

describe('stallGuard', () => {
  it('hands out the items, then reports a read that gives nothing for too long', async () => {
    const got: number[] = [];
    const read = (async () => {
      for await (const item of stallGuard('stuck.csv', thenNothing([1, 2]), 50)) got.push(item);
    })();
    const keepAlive = setInterval(() => {}, 10);
    await expect(read).rejects.toThrow(FileError);
    await expect(read).rejects.toThrow('stuck.csv: gave no row for 0 s');
    clearInterval(keepAlive);
    expect(got).toEqual([1, 2]);
  });

  it('does not count time spent downstream (a full Kafka buffer, a slow --rate) as the reader stalling', async () => {
    const got: number[] = [];
    for await (const item of stallGuard('slow-consumer.csv', thenEnd([1, 2, 3]), 40)) {
      got.push(item);
      await new Promise((resolve) => setTimeout(resolve, 120));
    }
    expect(got).toEqual([1, 2, 3]);
  });

  it('holds nothing per item: a million rows through it keep the heap flat', async () => {
    async function* many() {
      for (let i = 0; i < 1_000_000; i += 1) yield i;
    }
    globalThis.gc?.();
    const before = process.memoryUsage().heapUsed;
    let count = 0;
    for await (const _ of stallGuard('big.csv', many(), 60_000)) count += 1;
    globalThis.gc?.();
    expect(count).toBe(1_000_000);
    // Racing each item against one long-lived promise held about 250 bytes per item (250 MB here).
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(50 * 1024 * 1024);
  });

  it('ends an iterator left waiting with nothing on the event loop: an error with a message, not exit status 13', () => {
    const guard = fileURLToPath(new URL('./stallGuard.ts', import.meta.url));
    const script = `
      import { stallGuard } from ${JSON.stringify(guard)};
      async function* never() { yield 'row 1'; await new Promise(() => {}); }
      try { for await (const row of stallGuard('damaged.xlsx', never())) console.log(row); }
      catch (error) { console.log('error: ' + error.message); process.exitCode = 1; }
    `;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.stdout).toContain('row 1');
    expect(result.stdout).toContain('error: damaged.xlsx: stops part-way with no error from its reader');
    expect(result.status).toBe(1);
  });
});
