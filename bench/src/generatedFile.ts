import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPLAYER_CLI, REPO_ROOT, runCli } from '@flights/testing';

/** A generated Kaggle-format CSV of `rows` rows, made once and kept in bench/.data (ignored). */
export async function generatedFile(rows: number): Promise<string> {
  const dir = join(REPO_ROOT, 'bench', '.data');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `kaggle-${rows}.csv`);
  if (!statSync(file, { throwIfNoEntry: false })) {
    console.error(`generating ${rows.toLocaleString('en-US')} rows into ${file}`);
    const generated = await runCli(REPLAYER_CLI, ['generate', file, '--rows', String(rows)]);
    if (generated.code !== 0) throw new Error(`generate failed: ${generated.stderr}`);
  }
  return file;
}
