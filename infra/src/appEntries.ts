import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** The apps' entry points, relative to the repo root: the demo, the tests and the benchmarks all start them from here. */
export const APP_ENTRIES = {
  replayer: 'apps/replayer/src/cli.ts',
  aggregator: 'apps/aggregator/src/cli.ts',
  web: 'apps/web/server/main.ts',
} as const;

export interface AppProcess {
  command: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
}

/**
 * How to run an entry as one node process from the repo root, on Node's own
 * TypeScript support (type stripping: the sources use only erasable syntax,
 * which `erasableSyntaxOnly` keeps so). One process, no wrapper: pnpm's is a
 * parent, and a signal sent to a parent returns before the app has flushed,
 * which is what a clean stop waits for. INIT_CWD is where the replayer
 * resolves relative paths, as under `pnpm replay`.
 */
export function appProcess(entry: string, args: readonly string[] = []): AppProcess {
  return {
    command: process.execPath,
    args: [join(REPO_ROOT, entry), ...args],
    cwd: REPO_ROOT,
    env: { INIT_CWD: REPO_ROOT },
  };
}
