import { APP_ENTRIES } from '../../src/appEntries.ts';
import { spawnEntry } from './spawnEntry.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a workspace TypeScript entry point (e.g. apps/replayer/src/cli.ts) the way `pnpm` would, from the repo root. */
export function runCli(entry: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnEntry(entry, args, env);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export const REPLAYER_CLI = APP_ENTRIES.replayer;
