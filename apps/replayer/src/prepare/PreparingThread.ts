import { Worker } from 'node:worker_threads';
import type { FormatOptions } from '../formats/bindFormat.ts';
import { FileError } from '../readers/FileError.ts';
import { stallGuard, stoppedWithoutError } from '../readers/stallGuard.ts';
import type { PreparedBatch } from './PreparedBatch.ts';
import type { FromPreparer, ToPreparer } from './protocol.ts';

/**
 * The preparing thread's young generation. V8 sizes it from the machine's memory; its rows live for one
 * batch, so 16 MB collects as cheaply and keeps less resident (the replayer benchmark's peak RSS shows it).
 */
const PREPARER_YOUNG_MB = 16;

export interface PreparedFile {
  /** How much there is, in the unit of a batch's `position`: bytes of a CSV or NDJSON file, data rows of a workbook. */
  size: number;
  batches: AsyncIterable<PreparedBatch>;
}

/**
 * The sending thread's side of the preparing thread (`preparer.ts`): one
 * worker for the whole replay, asked for one file at a time. A read that
 * does not end normally (a stop, `--limit`, a failed or stuck file) ends the
 * worker; the next read starts another. A worker that exits in the middle of a read is a reader
 * that stopped with nothing pending: a FileError, as on one thread.
 */
export class PreparingThread {
  private worker: Worker | undefined;

  private readonly execArgv?: string[];

  /**
   * @param execArgv the worker's Node options; by default this process's. Node strips the worker's types as
   * it does the app's; a test runner whose own flags a worker must not inherit passes none ([]).
   */
  constructor(execArgv?: string[]) {
    this.execArgv = execArgv;
  }

  async open(file: string, name: string, formats: FormatOptions): Promise<PreparedFile> {
    const worker = (this.worker ??= new Worker(new URL('./preparer.ts', import.meta.url), {
      execArgv: this.execArgv,
      resourceLimits: { maxYoungGenerationSizeMb: PREPARER_YOUNG_MB },
    }));
    const inbox: FromPreparer[] = [];
    let wake: (() => void) | undefined;
    let exited: Error | undefined;
    const onMessage = (message: FromPreparer) => {
      inbox.push(message);
      wake?.();
    };
    const onGone = (error?: unknown) => {
      exited = error instanceof Error ? error : stoppedWithoutError(file);
      if (this.worker === worker) this.worker = undefined;
      wake?.();
    };
    worker.on('message', onMessage).once('exit', onGone).once('error', onGone);
    const next = async (): Promise<FromPreparer> => {
      while (inbox.length === 0) {
        if (exited) throw exited;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      return inbox.shift()!;
    };
    const detach = () => worker.off('message', onMessage).off('exit', onGone).off('error', onGone);
    const post = (message: ToPreparer) => worker.postMessage(message);

    post({ kind: 'read', file, name, formats });
    const first = await next().catch((error: unknown) => {
      detach();
      throw error;
    });
    if (first.kind !== 'opened') {
      detach();
      throw failureOf(file, first);
    }
    const self = this;
    async function* batches(): AsyncGenerator<PreparedBatch> {
      let ended = false;
      try {
        for (;;) {
          const message = await next();
          if (message.kind === 'end') return void (ended = true);
          if (message.kind !== 'batch') throw failureOf(file, message);
          yield message.batch;
          post({ kind: 'more' });
        }
      } finally {
        detach();
        // Left part-way (a stop, --limit, a failed file): the worker may still be reading ahead, or be stuck;
        // it cannot be told to forget a file mid-read, so it goes, and the next read starts another.
        if (!ended) await self.close();
      }
    }
    // The sender's own guard too: a worker stuck in a loop of its own gives no batch and no exit. Its generator
    // cannot be returned while it waits on the worker, so the worker is ended here, which ends the wait.
    async function* guarded(): AsyncGenerator<PreparedBatch> {
      try {
        yield* stallGuard(file, batches());
      } catch (error) {
        await self.close();
        throw error;
      }
    }
    return { size: first.size, batches: guarded() };
  }

  /** Ends the worker (a replay's end, or a read left part-way). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }
}

function failureOf(file: string, message: FromPreparer): Error {
  if (message.kind !== 'failed') return new Error(`preparing thread: unexpected ${message.kind} message`);
  if (message.fileError) return new FileError(file, message.problem);
  const error = new Error(message.problem);
  if (message.stack) error.stack = message.stack;
  return error;
}
