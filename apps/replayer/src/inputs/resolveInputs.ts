import { readdir, stat } from 'node:fs/promises';
import { extname, isAbsolute, join } from 'node:path';
import { glob } from 'tinyglobby';
import { SUPPORTED_EXTENSIONS } from '../readers/sniffFile.ts';

const natural = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** chunk_2.csv before chunk_10.csv: the order a person numbering chunks means. */
export function naturalSort(files: string[]): string[] {
  return [...files].sort(natural.compare);
}

export interface ResolvedInputs {
  files: string[];
  /** Arguments that named nothing, with why. */
  problems: string[];
}

/**
 * Files, directories (their supported files, recursively) and globs, in the
 * order given; within one argument in natural order. A file named twice is
 * replayed once.
 */
export async function resolveInputs(args: string[]): Promise<ResolvedInputs> {
  const files: string[] = [];
  const problems: string[] = [];
  for (const arg of args) {
    const info = await stat(arg).catch(() => undefined);
    if (info?.isFile()) {
      files.push(arg);
    } else if (info?.isDirectory()) {
      const entries = await readdir(arg, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((entry) => entry.isFile() && SUPPORTED_EXTENSIONS.includes(extname(entry.name).toLowerCase()))
        .map((entry) => join(entry.parentPath, entry.name));
      if (found.length === 0) problems.push(`${arg}: directory holds no ${SUPPORTED_EXTENSIONS.join(', ')} files`);
      files.push(...naturalSort(found));
    } else {
      // Globs answer in the form they were asked: absolute patterns give absolute paths.
      const found = await glob(arg, { onlyFiles: true, expandDirectories: false, absolute: isAbsolute(arg) });
      if (found.length === 0) problems.push(`${arg}: no such file, directory or matching glob`);
      files.push(...naturalSort(found));
    }
  }
  return { files: [...new Set(files)], problems };
}
