import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { config as readDotEnv } from 'dotenv';

let dotEnvLoaded = false;

/** Reads `<workspace root>/.env` into process.env once; real environment variables win. */
export function loadDotEnv(start = process.cwd()): void {
  if (dotEnvLoaded) return;
  dotEnvLoaded = true;
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      const file = join(dir, '.env');
      if (existsSync(file)) readDotEnv({ path: file, quiet: true });
      return;
    }
    if (dirname(dir) === dir) return;
  }
}
