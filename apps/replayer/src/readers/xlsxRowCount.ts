import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

/** How far into a sheet's XML its <dimension> may sit: it comes right after the root element. */
const HEAD_BYTES = 8 * 1024;

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

/** The zip's central directory (the end record must be in the last 64 KB + 22 bytes, as sniffFile checks). */
async function zipEntries(handle: Awaited<ReturnType<typeof open>>, size: number): Promise<ZipEntry[]> {
  const tail = Buffer.alloc(Math.min(size, 65_557));
  await handle.read(tail, 0, tail.length, size - tail.length);
  const end = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return [];
  const count = tail.readUInt16LE(end + 10);
  const directorySize = tail.readUInt32LE(end + 12);
  const directoryOffset = tail.readUInt32LE(end + 16);
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
async function entryHead(handle: Awaited<ReturnType<typeof open>>, entry: ZipEntry): Promise<string> {
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
