import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { zipEntries, type ZipEntry } from './zipDirectory.ts';

/** How far into a sheet's XML its <dimension> may sit: it comes right after the root element. */
const HEAD_BYTES = 8 * 1024;

/** The first HEAD_BYTES of an entry, inflated (stored entries as they are). */
async function entryHead(handle: FileHandle, entry: ZipEntry): Promise<string> {
  const local = Buffer.alloc(30);
  await handle.read(local, 0, 30, entry.localHeaderOffset);
  const dataOffset = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  const compressed = Buffer.alloc(Math.min(entry.compressedSize, HEAD_BYTES));
  await handle.read(compressed, 0, compressed.length, dataOffset);
  if (entry.method === 0) return compressed.toString('utf8');
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const inflate = createInflateRaw();
    inflate.on('data', (chunk: Buffer) => chunks.push(chunk));
    // A truncated deflate stream ends in an error here by design: what inflated so far is enough.
    inflate.on('error', () => resolve(Buffer.concat(chunks).toString('utf8')));
    inflate.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    inflate.end(compressed);
  });
}

/**
 * The largest data-row count any worksheet of an xlsx declares in its
 * <dimension ref="A1:K10684"> (minus the header), read from the zip without
 * unpacking the workbook: the total a progress bar needs, since the file's
 * size says little about its rows. Undefined when no sheet declares one; the
 * reader then reports progress in bytes.
 */
export async function xlsxRowCount(file: string): Promise<number | undefined> {
  const handle = await open(file, 'r');
  try {
    const { size } = await handle.stat();
    let rows: number | undefined;
    for (const entry of await zipEntries(handle, size)) {
      if (!/^xl\/worksheets\/[^/]+\.xml$/.test(entry.name)) continue;
      const match = /<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"/.exec(await entryHead(handle, entry));
      if (match) rows = Math.max(rows ?? 0, Number(match[1]) - 1);
    }
    return rows;
  } catch {
    return undefined;
  } finally {
    await handle.close();
  }
}
