import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { appProcess } from '@flights/infra/apps';

/** Starts a workspace TypeScript entry point from the repo root, as one node process, so a signal reaches the app itself. */
export function spawnEntry(entry: string, args: string[], env: NodeJS.ProcessEnv): ChildProcessByStdio<null, Readable, Readable> {
  const app = appProcess(entry, args);
  return spawn(app.command, app.args, {
    cwd: app.cwd,
    env: { ...process.env, ...app.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
