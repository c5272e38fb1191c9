import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPLAYER_CLI, REPO_ROOT, runCli } from '@flights/infra/testing';

/**
 * A generated Kaggle-format CSV of `rows` rows, made once and kept in
 * bench/.data (ignored). The name carries a hash of the generator and its
 * distributions, so a changed generator never benchmarks yesterday's file.
 */
export async function generatedFile(rows: number): Promise<string> {
  const dir = join(REPO_ROOT, 'bench', '.data');
  mkdirSync(dir, { recursive: true });
  const generator = join(REPO_ROOT, 'apps', 'replayer', 'src', 'generate');
  const version = createHash('sha1')
    .update(readFileSync(join(generator, 'generateKaggleRows.ts')))
    .update(readFileSync(join(generator, 'realMix.json')))
    .digest('hex')
    .slice(0, 8);
  const file = join(dir, `kaggle-${rows}-${version}.csv`);
  if (!statSync(file, { throwIfNoEntry: false })) {
    console.error(`generating ${rows.toLocaleString('en-US')} rows into ${file}`);
    const generated = await runCli(REPLAYER_CLI, ['generate', file, '--rows', String(rows)]);
    if (generated.code !== 0) throw new Error(`generate failed: ${generated.stderr}`);
  }
  return file;
}
