import { stackConfig, stackDown, stackUp } from '../stack.ts';
import { applyTestStackEnv } from './testStackEnv.ts';

/**
 * Integration specs run against the real test stack. `npm test` starts it
 * before vitest; run alone (`pnpm test:integration`), this starts it and
 * stops again only what it started.
 */
export default async function setup(): Promise<() => Promise<void>> {
  applyTestStackEnv();
  const config = stackConfig();
  const up = await stackUp(config, (line) => console.log(`[stack] ${line}`));
  return async () => {
    await stackDown(config, up.started);
  };
}
