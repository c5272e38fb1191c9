import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `pnpm --filter @flights/web build`: the client's production build, skipped
 * when nothing it is built from changed since the last one (the client, the
 * browser-safe schemas, the vite config, the lockfile). A second
 * `npm run demo` then starts in seconds instead of waiting for vite. --force
 * builds anyway.
 */
const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const REPO_ROOT = join(WEB_DIR, '..', '..');
const STAMP = join(WEB_DIR, 'dist', '.build-stamp');
const INPUTS = [
  join(WEB_DIR, 'client'),
  join(WEB_DIR, 'vite.config.ts'),
  join(WEB_DIR, 'package.json'),
  join(REPO_ROOT, 'packages', 'schemas', 'src'),
  join(REPO_ROOT, 'pnpm-lock.yaml'),
];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : filesUnder(join(path, name))));
}

function inputsFingerprint(): string {
  const hash = createHash('sha1');
  for (const file of INPUTS.flatMap(filesUnder)) hash.update(file).update(readFileSync(file));
  return hash.digest('hex');
}

const fingerprint = inputsFingerprint();
const upToDate =
  existsSync(join(WEB_DIR, 'dist', 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === fingerprint;
if (upToDate && !process.argv.includes('--force')) {
  console.error('[web] client build is up to date');
} else {
  execFileSync(join(WEB_DIR, 'node_modules', '.bin', 'vite'), ['build', '--logLevel', 'warn'], {
    cwd: WEB_DIR,
    stdio: 'inherit',
  });
  writeFileSync(STAMP, fingerprint);
}
