import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { appProcess } from '../../src/appEntries.ts';

/** Starts a workspace TypeScript entry point from the repo root, as one node process, so a signal reaches the app itself. */
export function spawnEntry(
  entry: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): ChildProcessByStdio<null, Readable, Readable> {
  const app = appProcess(entry, args);
  return spawn(app.command, app.args, {
    cwd: app.cwd,
    env: { ...process.env, ...app.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** The same entry point with its output through a shell pipeline: `pipe` follows it, e.g. `| head -1`. */
export function spawnEntryPiped(
  entry: string,
  args: string[],
  pipe: string,
  env: NodeJS.ProcessEnv = {},
): ChildProcessByStdio<null, Readable, Readable> {
  const app = appProcess(entry, args);
  return spawn('bash', ['-c', `set -o pipefail; "$0" "$@" ${pipe}`, app.command, ...app.args], {
    cwd: app.cwd,
    env: { ...process.env, ...app.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
