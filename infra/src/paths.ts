import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const INFRA_DIR = join(REPO_ROOT, 'infra');
/** Downloads shared by every stack on this machine (ignored by git). */
export const LOCAL_DIR = join(REPO_ROOT, '.local');
