import { FileError } from './FileError.ts';

/** A read that hands out nothing for this long is an error, not a hang (raise with REPLAYER_STALL_MS). */
export const STALL_MS = Number(process.env.REPLAYER_STALL_MS ?? 120_000);

/** A reader that stopped with nothing pending: the event loop emptied, or the thread it ran on ended, mid-read. */
export function stoppedWithoutError(file: string): FileError {
  return new FileError(
    file,
    'stops part-way with no error from its reader: a damaged archive entry or a truncated stream',
  );
}

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
  // Each wait is a promise of its own that `fail` rejects. Racing every item against one long-lived
  // promise instead (Promise.race) left a reaction on it per item, which a long file never let go.
  let failure: FileError | undefined;
  let rejectWait: ((error: FileError) => void) | undefined;
  const fail = (error: FileError) => {
    failure ??= error;
    rejectWait?.(failure);
  };
  const onEmptyLoop = () => fail(stoppedWithoutError(file));
  process.on('beforeExit', onEmptyLoop);
  // One watchdog per file, not a timer per row: at tens of thousands of rows a second those add up. It counts
  // only while the reader is asked for a row: time spent downstream (a full Kafka buffer, a paced replay) is not a stall.
  let waitingSince: number | undefined;
  const watchdog = setInterval(
    () => {
      if (waitingSince !== undefined && Date.now() - waitingSince >= stallMs)
        fail(
          new FileError(
            file,
            `gave no row for ${Math.round(stallMs / 1000)} s: the read is stuck (REPLAYER_STALL_MS raises the limit)`,
          ),
        );
    },
    Math.max(10, Math.min(1000, stallMs / 4)),
  );
  watchdog.unref();
  try {
    for (;;) {
      if (failure) throw failure;
      waitingSince = Date.now();
      const next = await new Promise<IteratorResult<T>>((resolve, reject) => {
        rejectWait = reject;
        iterator.next().then(resolve, reject);
      });
      rejectWait = undefined;
      waitingSince = undefined;
      if (next.done) return;
      yield next.value;
    }
  } finally {
    clearInterval(watchdog);
    process.off('beforeExit', onEmptyLoop);
    void iterator.return?.().catch(() => {});
  }
}
