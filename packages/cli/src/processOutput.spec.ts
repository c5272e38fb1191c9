import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { quietOnClosedPipe } from './processOutput.ts';

const helpers = fileURLToPath(new URL('./processOutput.ts', import.meta.url));

/** A child that writes `lines` lines to stdout and then exits through exitWhenFlushed (or process.exit). */
function writer(lines: number, flushed: boolean): string {
  return `
    const { exitWhenFlushed, quietOnClosedPipe } = await import(${JSON.stringify(helpers)});
    quietOnClosedPipe();
    for (let i = 0; i < ${lines}; i += 1) process.stdout.write('line ' + i + ' ' + 'x'.repeat(80) + '\\n');
    ${flushed ? 'await exitWhenFlushed(0);' : 'process.exit(0);'}
  `;
}

/** Runs the child into a reader that waits `delayMs` before it reads anything; counts the lines it got. */
function readSlowly(script: string, delayMs: number): Promise<{ lines: number; code: number | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout.pause();
    let text = '';
    setTimeout(() => child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString())).resume(), delayMs);
    child.on('close', (code) => resolve({ lines: text.split('\n').filter(Boolean).length, code }));
  });
}

describe('output of a command line tool', () => {
  it('reaches a reader that is slow to read, to the last line', async () => {
    const result = await readSlowly(writer(20_000, true), 500);
    expect(result).toEqual({ lines: 20_000, code: 0 });
  });

  it('is cut short by a bare process.exit behind such a reader: what exitWhenFlushed is for', async () => {
    const result = await readSlowly(writer(20_000, false), 500);
    expect(result.lines).toBeLessThan(20_000);
  });

  it('ends quietly with status 0 when the reader has gone away', () => {
    const stream = new PassThrough();
    const codes: number[] = [];
    quietOnClosedPipe(stream, (code) => codes.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(codes).toEqual([0]);
  });
});
