import { parentPort } from 'node:worker_threads';
import { normalizeItem } from '../normalize/normalizeItem.ts';
import { FileError } from '../readers/FileError.ts';
import { openRows } from '../readers/openRows.ts';
import type { FormatOptions } from '../formats/bindFormat.ts';
import { addOutcome, emptyBatch, type PreparedBatch } from './PreparedBatch.ts';
import { BATCH_ROWS, BATCHES_AHEAD, type FromPreparer, type ToPreparer } from './protocol.ts';

/**
 * The preparing thread: reads a file (sniff, parse, stall guard), normalizes
 * and serializes its rows, and hands them to the sending thread in batches,
 * at most BATCHES_AHEAD ahead of it. Reading and normalizing cost about as
 * much as sending to Kafka, so on their own thread the two overlap.
 */
const port = parentPort!;
let credits = BATCHES_AHEAD;
let wakeUp: (() => void) | undefined;
const post = (message: FromPreparer) => port.postMessage(message);
// The port holds the thread open only while it waits on the sender (for a file, or for credit). While a file is
// read, an empty event loop means the reader is stuck with nothing pending, which the stall guard must see.
const waitOnSender = () => port.ref();
const readOnOwn = () => port.unref();

port.on('message', (message: ToPreparer) => {
  if (message.kind === 'more') {
    credits += 1;
    wakeUp?.();
  } else {
    readOnOwn();
    void read(message.file, message.name, message.formats).finally(waitOnSender);
  }
});

async function read(file: string, name: string, formats: FormatOptions): Promise<void> {
  try {
    const source = await openRows(file, formats);
    post({ kind: 'opened', size: source.size });
    let batch = emptyBatch();
    for await (const item of source.items) {
      addOutcome(batch, normalizeItem(item, name), { file: name, row: item.row });
      if (batch.kinds.length < BATCH_ROWS) continue;
      batch.position = source.position();
      await handOver(batch);
      batch = emptyBatch();
    }
    batch.position = source.position();
    if (batch.kinds.length) await handOver(batch);
    post({ kind: 'end' });
  } catch (error) {
    if (error instanceof FileError) post({ kind: 'failed', fileError: true, problem: error.problem });
    else
      post({
        kind: 'failed',
        fileError: false,
        problem: (error as Error)?.message ?? String(error),
        stack: (error as Error)?.stack,
      });
  }
}

/** Posts a batch when the sender has room for it (credits come back with its 'more' messages, in order, before the next read). */
async function handOver(batch: PreparedBatch): Promise<void> {
  if (credits === 0) {
    waitOnSender();
    while (credits === 0) await new Promise<void>((resolve) => (wakeUp = resolve));
    wakeUp = undefined;
    readOnOwn();
  }
  credits -= 1;
  post({ kind: 'batch', batch });
}
