import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '@flights/infra/testing';

export const RESULTS_FILE = join(REPO_ROOT, 'bench', 'results.json');

export type Figures = Record<string, number | string>;

/** Merges figures into bench/results.json, so benchmarks can run one at a time. */
export function saveFigures(figures: Figures): void {
  const previous = existsSync(RESULTS_FILE) ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Figures) : {};
  writeFileSync(RESULTS_FILE, `${JSON.stringify({ ...previous, ...figures }, null, 2)}\n`);
}
