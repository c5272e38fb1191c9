import type { BatchMessage } from './countBatch.ts';

/** One partition's messages, in offset order. */
export interface PartitionBatch {
  topic: string;
  partition: number;
  messages: BatchMessage[];
}

/**
 * Splits what the stream handed over (several partitions interleaved, each
 * in offset order) into one batch per partition, keeping each partition's
 * order and the order in which partitions first appear.
 */
export function partitionBatches(
  messages: Iterable<BatchMessage & { topic: string; partition: number }>,
): PartitionBatch[] {
  const batches = new Map<string, PartitionBatch>();
  for (const message of messages) {
    const key = `${message.topic}\u0000${message.partition}`;
    let batch = batches.get(key);
    if (!batch) {
      batch = { topic: message.topic, partition: message.partition, messages: [] };
      batches.set(key, batch);
    }
    batch.messages.push(message);
  }
  return [...batches.values()];
}
