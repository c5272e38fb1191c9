import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { readZipEndRecord } from './zipEndRecord.ts';

/** How far into a sheet's XML its <dimension> may sit: it comes right after the root element. */
const HEAD_BYTES = 8 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** The zip's central directory, found through its end record (see readZipEndRecord). */
async function zipEntries(handle: FileHandle, size: number): Promise<ZipEntry[]> {
  const end = await readZipEndRecord(handle, size);
  if (!end) return [];
  const count = end.readUInt16LE(10);
  const directorySize = end.readUInt32LE(12);
  const directoryOffset = end.readUInt32LE(16);
  const directory = Buffer.alloc(directorySize);
  await handle.read(directory, 0, directorySize, directoryOffset);
  const entries: ZipEntry[] = [];
  for (let at = 0, i = 0; i < count && at + 46 <= directory.length; i += 1) {
    if (directory.readUInt32LE(at) !== 0x02014b50) break;
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    entries.push({
      name: directory.toString('utf8', at + 46, at + 46 + nameLength),
      method: directory.readUInt16LE(at + 10),
      compressedSize: directory.readUInt32LE(at + 20),
      localHeaderOffset: directory.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

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
