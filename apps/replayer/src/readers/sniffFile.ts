import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { FileError } from './FileError.ts';
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
  if (!format) throw new FileError(file, `unsupported file type "${extname(file) || '(none)'}"; expected ${SUPPORTED_EXTENSIONS.join(', ')}`);
  let size: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new FileError(file, 'not a regular file');
    size = info.size;
  } catch (error) {
    if (error instanceof FileError) throw error;
    throw new FileError(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, { cause: error });
  }
  if (size === 0) throw new FileError(file, 'is empty');
  const handle = await open(file, 'r');
  const head = Buffer.alloc(Math.min(size, 64 * 1024));
  let hasEndRecord = false;
  try {
    await handle.read(head, 0, head.length, 0);
    if (format === 'xlsx') hasEndRecord = (await readZipEndRecord(handle, size)) !== undefined;
  } finally {
    await handle.close();
  }
  if (format === 'xlsx') {
    if (head.length < 4 || head.readUInt32LE(0) !== 0x04034b50) throw new FileError(file, 'is not an xlsx workbook (no zip signature; an old .xls or a renamed file?)');
    // exceljs's streaming reader never settles on a cut-off zip: catch that here.
    if (!hasEndRecord) throw new FileError(file, 'is a truncated xlsx workbook (the zip has no end record; was the copy or download cut off?)');
    return { format, size };
  }
  if (head.includes(0)) throw new FileError(file, 'contains binary data (NUL bytes), not text');
  try {
    // stream: true tolerates a multi-byte character cut at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
  } catch {
    throw new FileError(file, 'is not valid UTF-8 text (save it as UTF-8)');
  }
  return { format, size };
}
