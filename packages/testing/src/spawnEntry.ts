import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { nodeEntryArgs } from '@flights/infra/apps';
import { REPO_ROOT } from './groundTruth.ts';

/** Starts a workspace TypeScript entry point from the repo root, as one node process, so a signal reaches the app itself. */
export function spawnEntry(entry: string, args: string[], env: NodeJS.ProcessEnv): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(process.execPath, nodeEntryArgs(entry, args), {
    cwd: REPO_ROOT,
    env: { ...process.env, INIT_CWD: REPO_ROOT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
