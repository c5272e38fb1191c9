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

  it('ends an iterator left waiting with nothing on the event loop: an error with a message, not exit status 13', () => {
    const guard = fileURLToPath(new URL('./stallGuard.ts', import.meta.url));
    const script = `
      import { stallGuard } from ${JSON.stringify(guard)};
      async function* never() { yield 'row 1'; await new Promise(() => {}); }
      try { for await (const row of stallGuard('damaged.xlsx', never())) console.log(row); }
      catch (error) { console.log('error: ' + error.message); process.exitCode = 1; }
    `;
    const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
    expect(result.stdout).toContain('row 1');
    expect(result.stdout).toContain('error: damaged.xlsx: stops part-way with no error from its reader');
    expect(result.status).toBe(1);
  });
});
