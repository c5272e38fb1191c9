import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './groundTruth.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a workspace TypeScript entry point (e.g. apps/replayer/src/cli.ts) the way `pnpm` would, from the repo root. */
export function runCli(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // One process, not tsx's wrapper plus a child: a signal must reach the app itself.
    const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, entry), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, INIT_CWD: REPO_ROOT, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const REPLAYER_CLI = 'apps/replayer/src/cli.ts';
