import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const guard = fileURLToPath(new URL('./crashGuard.ts', import.meta.url));

/** In a process of its own: the test runner keeps its own handlers for rejections. */
function runWith(script: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 });
}

describe('guardRejections', () => {
  it('keeps the process alive after a rejected promise nobody handles, and says so in one line', () => {
    const result = runWith(`
      const { guardRejections } = await import(${JSON.stringify(guard)});
      let counted = 0;
      guardRejections((line) => console.error(line), () => (counted += 1));
      Promise.reject(new URIError('URI malformed'));
      setTimeout(() => console.log('alive, counted ' + counted), 50);
    `);
    expect(result.stdout.trim()).toBe('alive, counted 1');
    expect(result.stderr.trim()).toBe(
      '[web] a request failed unexpectedly and was dropped (the server goes on): URIError: URI malformed',
    );
    expect(result.status).toBe(0);
  });

  it('is what keeps it alive: without it the same rejection ends the process', () => {
    const result = runWith(
      `Promise.reject(new URIError('URI malformed')); setTimeout(() => console.log('alive'), 50);`,
    );
    expect(result.stdout).not.toContain('alive');
    expect(result.status).not.toBe(0);
  });
});
