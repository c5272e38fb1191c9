import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { FileError } from './FileError.ts';
import { inflatedBoundsProblem, xlsxBoundsProblem } from './xlsxBounds.ts';
import { zipEntries } from './zipDirectory.ts';
import { readZipEndRecord } from './zipEndRecord.ts';
import type { FileFormat } from './sourceItem.ts';

const FORMATS: Record<string, FileFormat> = {
  '.xlsx': 'xlsx',
  '.csv': 'csv',
  '.ndjson': 'ndjson',
  '.jsonl': 'ndjson',
};

export const SUPPORTED_EXTENSIONS = Object.keys(FORMATS);

/**
 * Decides a file's format from its extension and checks its first bytes, so
 * a wrong file fails with one clear sentence before any row is read.
 */
export async function sniffFile(file: string): Promise<{ format: FileFormat; size: number }> {
  const format = FORMATS[extname(file).toLowerCase()];
  if (!format)
    throw new FileError(
      file,
      `unsupported file type "${extname(file) || '(none)'}"; expected ${SUPPORTED_EXTENSIONS.join(', ')}`,
    );
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new FileError(file, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, {
      cause: error,
    });
  }
  if (size === 0) throw new FileError(file, 'is empty');
  const handle = await open(file, 'r');
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  let hasEndRecord = false;
  let bounds: string | undefined;
  try {
    await handle.read(head, 0, head.length, 0);
    if (format === 'xlsx') {
      hasEndRecord = (await readZipEndRecord(handle, size)) !== undefined;
      bounds = xlsxBoundsProblem(await zipEntries(handle, size));
    }
  } finally {
    await handle.close();
  }
  if (format === 'xlsx') {
    if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50)
      throw new FileError(file, 'is not an xlsx workbook (no zip signature; an old .xls or a renamed file?)');
    // exceljs's streaming reader never settles on a cut-off zip: catch that here.
    if (!hasEndRecord)
      throw new FileError(
        file,
        'is a truncated xlsx workbook (the zip has no end record; was the copy or download cut off?)',
      );
    if (bounds) throw new FileError(file, bounds);
    const inflated = await inflatedBoundsProblem(file);
    if (inflated) throw new FileError(file, inflated);
    return { format, size };
  }
  // The first line only (up to 4 KB): a binary or wrongly encoded file shows it there. Damage further
  // down is the readers' to report, after the rows before it (utf8Guard), so those rows still count.
  const newline = head.indexOf(0x0a);
  const first = head.subarray(0, Math.min(newline === -1 ? head.length : newline, 4096));
  if (first.includes(0)) throw new FileError(file, 'contains binary data (NUL bytes), not text');
  try {
    // A whole first line must be whole characters; a sample cut short may end inside one.
    new TextDecoder('utf-8', { fatal: true }).decode(first, { stream: first.length !== newline });
  } catch {
    throw new FileError(file, 'is not valid UTF-8 text (save it as UTF-8)');
  }
  return { format, size };
}
