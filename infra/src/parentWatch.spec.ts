import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parentOf } from './parentWatch.ts';
import { isAlive } from './process.ts';

/**
 * Starts a watcher (watchParents at `depth`) under a node parent that `launch`
 * starts (given the parent's script), SIGKILLs what `launch` returned after
 * 3 s, and resolves with what the watcher printed within 5 s more.
 */
async function killAndWatch(
  depth: number,
  launch: (parentScript: string) => ChildProcessByStdio<null, Readable, null>,
): Promise<string> {
  const script = `
    import { watchParents } from ${JSON.stringify(new URL('./parentWatch.ts', import.meta.url).pathname)};
    watchParents((why) => { console.log('gone: ' + why); process.exit(0); }, 50, ${depth});
    setTimeout(() => process.exit(3), 10000);
  `;
  const parent = `require('child_process').spawn(process.execPath, ['--input-type=module', '-e', ${JSON.stringify(script)}], { stdio: 'inherit' }); setTimeout(() => {}, 20000);`;
  const top = launch(parent);
  let out = '';
  top.stdout.on('data', (chunk) => (out += chunk));
  await new Promise((r) => setTimeout(r, 3000));
  top.kill('SIGKILL');
  const deadline = Date.now() + 5000;
  while (!out.includes('gone:') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return out;
}

describe('parentWatch', () => {
  it('reads a process parent from /proc, command names with spaces and parentheses included', () => {
    expect(parentOf(process.pid)).toBe(process.ppid);
    expect(parentOf(2 ** 22 + 12345)).toBeUndefined();
  });

  it('tells a running process from one that exited', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 10000)']);
    expect(isAlive(child.pid!)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(isAlive(child.pid!)).toBe(false);
  });

  it('notices when the launcher above its parent dies (depth 2)', async () => {
    // grandparent (sh) → parent (node) → watcher (node): killing sh leaves the parent running, re-parented.
    const out = await killAndWatch(2, (parent) =>
      spawn(
        'sh',
        ['-c', `${JSON.stringify(process.execPath)} -e ${JSON.stringify(parent).replace(/\$/g, '\\$')} & wait`],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      ),
    );
    expect(out).toMatch(/gone: the process that started it \(pid \d+\) exited/);
  }, 15_000);

  it('notices when its parent dies (npm killed while the demo runs under it)', async () => {
    const out = await killAndWatch(1, (parent) =>
      spawn(process.execPath, ['-e', parent], { stdio: ['ignore', 'pipe', 'inherit'] }),
    );
    expect(out).toMatch(/gone: the process that started it \(pid \d+\) exited/);
  }, 15_000);
});
