import { join } from 'node:path';
import { REPO_ROOT } from './paths.ts';

/** The apps' entry points, relative to the repo root: the demo, the tests and the benchmarks all start them from here. */
export const APP_ENTRIES = {
  replayer: 'apps/replayer/src/cli.ts',
  aggregator: 'apps/aggregator/src/cli.ts',
  web: 'apps/web/server/main.ts',
} as const;

/**
 * Arguments for `node` to run an entry as one process. tsx's own CLI is a
 * wrapper with a child, and pnpm adds another: a signal sent to the wrapper
 * returns before the app has flushed, which is what a clean stop waits for.
 */
export function nodeEntryArgs(entry: string, args: readonly string[] = []): string[] {
  return ['--import', 'tsx', join(REPO_ROOT, entry), ...args];
}
