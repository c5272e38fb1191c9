import { setTimeout as sleep } from 'node:timers/promises';
import { sendDeadLetters, type DeadLetterTarget } from '../deadLetters/sendDeadLetters.ts';
import type { AggregatorMetrics } from '../metrics/aggregatorMetrics.ts';
import { countBatch } from './countBatch.ts';
import type { GroupAssignment } from './GroupAssignment.ts';
import type { Mutex } from './Mutex.ts';
import type { PartitionBatch } from './partitionBatches.ts';

export interface BatchHandlerOptions {
  assignment: GroupAssignment;
  mutex: Mutex;
  metrics: AggregatorMetrics;
  deadLetters: DeadLetterTarget;
  /** Stopping: the last flush must cover everything counted, so nothing more is counted. */
  stopping: () => boolean;
  /** Partition-minutes held in memory before consumption waits for InfluxDB. */
  maxBufferedMinutes: number;
  /** How long to wait between looks at a full buffer. */
  waitMs: number;
  /** Told of the last offset handled per partition (the lag gauge reads it). */
  handled: (topic: string, partition: number, offset: bigint) => void;
  /** Told when dead letters went out after failed attempts. */
  onDeadLettersSent?: () => void;
}

/**
 * Counts one partition's batch into its windows under the mutex, sends what
 * cannot count to the dead-letter topic before anything after it can be
 * committed, then waits while the buffer is full: InfluxDB is not taking
 * writes. The client heartbeats meanwhile, so the member keeps its partitions.
 */
export function batchHandler(
  options: BatchHandlerOptions,
): (batch: PartitionBatch, isCurrent: () => boolean) => Promise<void> {
  const { assignment, mutex, metrics } = options;
  const keepGoing = (isCurrent: () => boolean) => () => isCurrent() && !assignment.rebalancing && !options.stopping();
  return async (batch, isCurrent) => {
    const going = keepGoing(isCurrent);
    await mutex.run(async () => {
      if (!going()) return;
      const partitionWindows = await assignment.windowsFor(batch.topic, batch.partition);
      const { consumed, counted, late, future, redelivered, invalid, letters, last } = countBatch(
        partitionWindows,
        batch.topic,
        batch.partition,
        batch.messages,
        going,
      );
      if (last === undefined) return;
      // Per batch, not per event: a prom-client increment costs about as much as windowing one event.
      metrics.counted.inc(counted);
      metrics.consumed.inc({ topic: batch.topic }, consumed);
      if (late) metrics.late.inc(late);
      if (redelivered) metrics.redelivered.inc(redelivered);
      if (future) metrics.invalid.inc({ reason: 'future' }, future);
      for (const [reason, n] of invalid) metrics.invalid.inc({ reason }, n);
      if (letters.length) {
        await sendDeadLetters(options.deadLetters, letters);
        metrics.deadLettered.inc(letters.length);
        options.onDeadLettersSent?.();
      }
      options.handled(batch.topic, batch.partition, BigInt(last));
    });
    while (bufferedMinutes() >= options.maxBufferedMinutes && going()) await sleep(options.waitMs);
  };

  function bufferedMinutes(): number {
    const total = assignment.bufferedMinutes();
    metrics.bufferedMinutes.set(total);
    return total;
  }
}
