import { FileError } from './FileError.ts';

/** A read that hands out nothing for this long is an error, not a hang (raise with REPLAYER_STALL_MS). */
export const STALL_MS = Number(process.env.REPLAYER_STALL_MS ?? 120_000);

/**
 * Hands out `items` unchanged, but turns the two ways a broken input can
 * stop a reader without an error into a FileError: the stream libraries may
 * drop an error (exceljs, on a damaged zip entry of a sheet it skips) and
 * leave the iterator waiting for data that never comes, with nothing left on
 * Node's event loop, so the process would exit with status 13 and no word;
 * or wait on I/O that never completes. The first is seen on 'beforeExit',
 * the second after `stallMs` without an item.
 */
export async function* stallGuard<T>(file: string, items: AsyncIterable<T>, stallMs = STALL_MS): AsyncGenerator<T> {
  const iterator = items[Symbol.asyncIterator]();
  let fail: (error: FileError) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    fail = reject;
  });
  failed.catch(() => {});
  const onEmptyLoop = () => fail(new FileError(file, 'stops part-way with no error from its reader: a damaged archive entry or a truncated stream'));
  process.on('beforeExit', onEmptyLoop);
  let timer: NodeJS.Timeout | undefined;
  try {
    for (;;) {
      clearTimeout(timer);
      timer = setTimeout(() => fail(new FileError(file, `gave no row for ${Math.round(stallMs / 1000)} s: the read is stuck (REPLAYER_STALL_MS raises the limit)`)), stallMs);
      timer.unref();
      const next = await Promise.race([iterator.next(), failed]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearTimeout(timer);
    process.off('beforeExit', onEmptyLoop);
    void iterator.return?.().catch(() => {});
  }
}
