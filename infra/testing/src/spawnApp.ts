import { APP_ENTRIES } from '../../src/appEntries.ts';
import { execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './groundTruth.ts';
import { spawnEntry } from './spawnEntry.ts';

export interface RunningApp {
  child: ChildProcess;
  /** Everything it wrote so far, stdout and stderr interleaved. */
  output(): string;
  /** Resolves with the first match of `pattern` in the output (already written or to come). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Sends a signal and resolves when the process has exited. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/** A production build of the web client (vite) into apps/web/dist: what the web server serves. */
export function buildWebClient(): void {
  const webDir = join(REPO_ROOT, 'apps', 'web');
  // The web package's build: skipped when the client's inputs did not change since the last one.
  execFileSync(process.execPath, [join(webDir, 'scripts', 'buildClient.ts')], { cwd: webDir, stdio: 'inherit' });
}

/**
 * The web server serves the built client and refuses to start without one;
 * a fresh clone has none until something builds it. Built once, if missing.
 */
function ensureWebClient(): void {
  if (!existsSync(join(REPO_ROOT, 'apps', 'web', 'dist', 'index.html'))) buildWebClient();
}

/** Starts a workspace app (e.g. apps/aggregator/src/cli.ts) as a real process, for integration and e2e specs. */
export function spawnApp(entry: string, args: string[] = [], env: NodeJS.ProcessEnv = {}): RunningApp {
  if (entry === APP_ENTRIES.web) ensureWebClient();
  const child = spawnEntry(entry, args, env);
  let text = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    text += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    output: () => text,
    waitFor(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern);
          if (match) {
            cleanup();
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `timed out after ${timeoutMs} ms waiting for ${pattern} in the output of ${entry}:\n${text.slice(-3000)}`,
            ),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        check();
      });
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

export const AGGREGATOR_CLI = APP_ENTRIES.aggregator;
export const WEB_SERVER = APP_ENTRIES.web;
