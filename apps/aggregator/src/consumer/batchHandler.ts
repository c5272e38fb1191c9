import { setTimeout as sleep } from 'node:timers/promises';
import type { EachBatchPayload } from 'kafkajs';
import { sendDeadLetters, type DeadLetterTarget } from '../deadLetters/sendDeadLetters.ts';
import type { AggregatorMetrics } from '../metrics/aggregatorMetrics.ts';
import { countBatch } from './countBatch.ts';
import type { GroupAssignment } from './GroupAssignment.ts';
import type { Mutex } from './Mutex.ts';

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
  /** Told when dead letters went out after failed attempts. */
  onDeadLettersSent?: () => void;
}

/**
 * kafkajs's eachBatch: count one partition's batch into its windows under
 * the mutex, send what cannot count to the dead-letter topic before its
 * offset is resolved, then wait (in the group, heartbeating) while the
 * buffer is full: InfluxDB is not taking writes.
 */
export function batchHandler(options: BatchHandlerOptions): (payload: EachBatchPayload) => Promise<void> {
  const { assignment, mutex, metrics } = options;
  return async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
    await mutex.run(async () => {
      if (assignment.rebalancing || options.stopping()) return;
      const partitionWindows = await assignment.windowsFor(batch.topic, batch.partition);
      const { consumed, counted, late, invalid, letters, last } = countBatch(partitionWindows, batch.topic, batch.partition, batch.messages, () => isRunning() && !isStale());
      if (last === undefined) return;
      // Per batch, not per event: a prom-client increment costs about as much as windowing one event.
      metrics.counted.inc(counted);
      metrics.consumed.inc({ topic: batch.topic }, consumed);
      if (late) metrics.late.inc(late);
      for (const [reason, n] of invalid) metrics.invalid.inc({ reason }, n);
      if (letters.length) {
        await sendDeadLetters(options.deadLetters, letters, heartbeat);
        metrics.deadLettered.inc(letters.length);
        options.onDeadLettersSent?.();
      }
      resolveOffset(last);
      metrics.lag.set({ topic: batch.topic, partition: batch.partition }, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n)));
    });
    while (bufferedMinutes() >= options.maxBufferedMinutes && isRunning() && !options.stopping()) {
      await sleep(options.waitMs);
      await heartbeat();
    }
  };

  function bufferedMinutes(): number {
    const total = assignment.bufferedMinutes();
    metrics.bufferedMinutes.set(total);
    return total;
  }
}
