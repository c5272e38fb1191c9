import type { FileHandle } from 'node:fs/promises';

/** A zip ends with its directory's end record, within the last 64 KB (the longest comment) + 22 bytes. */
const ZIP_TAIL_BYTES = 65_557;
const END_RECORD_SIGNATURE = Buffer.from([0x50, 0x4b, 0x05, 0x06]);

/** The zip's end record (a view into the file's tail), or undefined when there is none: a cut-off copy. */
export async function readZipEndRecord(handle: FileHandle, size: number): Promise<Buffer | undefined> {
  const tail = Buffer.alloc(Math.min(size, ZIP_TAIL_BYTES));
  await handle.read(tail, 0, tail.length, size - tail.length);
  const end = tail.lastIndexOf(END_RECORD_SIGNATURE);
  return end < 0 ? undefined : tail.subarray(end);
}
