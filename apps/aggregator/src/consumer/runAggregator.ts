import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, EachBatchPayload, Kafka, Message, Producer } from 'kafkajs';
import { InfluxError, type InfluxV1Client } from '@flights/influx';
import { AGGREGATOR_METRICS, measurementSpecs, type DeadLetter } from '@flights/schemas';
import { decodeCheckpoint, encodeCheckpoint } from '../commit/checkpointMetadata.ts';
import { dirtyLines } from '../influx/dirtyLines.ts';
import { HourRoller } from '../influx/HourRoller.ts';
import { HISTORY_AFTER_MS, HOURLY_ROLLUP, minuteRetentionMs, minutesKeptMs, rollupRetentionMs } from '../influx/rollupTarget.ts';
import type { AggregatorMetrics } from '../metrics/aggregatorMetrics.ts';
import { PartitionWindows, type MinuteSnapshot } from '../window/PartitionWindows.ts';
import { countBatch } from './countBatch.ts';
import { Mutex } from './Mutex.ts';

export interface AggregatorOptions {
  kafka: Kafka;
  topics: (string | RegExp)[];
  groupId: string;
  deadLetterTopic: string;
  influx: InfluxV1Client;
  allowedLatenessMs: number;
  /** Count the network dimensions (itinerary, leg, hub, stops) too; default true. */
  network?: boolean;
  metrics: AggregatorMetrics;
  /** How often dirty minutes are written (the open minute included). */
  flushIntervalMs?: number;
  /** Partition-minutes held in memory before consumption waits for InfluxDB. */
  maxBufferedMinutes?: number;
  /**
   * How often old hours (older than the continuous queries' reach) are
   * re-rolled, with the commit that waits for them; default 5000 ms. Minutes
   * are still written every flush. A history replay moves through an hour in
   * well under a second: re-rolling it at every flush cost more than writing.
   */
  rollIntervalMs?: number;
  log?: (line: string) => void;
  /**
   * InfluxDB refused a write for good (401, 403, 404: credentials, rights,
   * no database): retrying cannot help, so the caller is told once and
   * should stop. Nothing past what InfluxDB holds was committed.
   */
  onPermanentFailure?: (error: Error) => void;
}

export interface RunningAggregator {
  stop(): Promise<void>;
  /** Leaves the group without writing or committing anything more: after a permanent failure. */
  abort(): Promise<void>;
  health(): { ok: boolean; detail: Record<string, unknown> };
}

const WRITE_CHUNK_LINES = 5000;
const DEAD_LETTER_REQUEST_BYTES = 256 * 1024;

/** Offsets (with checkpoint metadata) that writes made safe to commit, and the group generation they belong to. */
interface CommitPoints {
  generation: number;
  offsets: { stream: string; value: string; topic: string; partition: number; offset: string; metadata: string }[];
}

/** Consecutive slices of messages whose values add up to at most `limit` bytes (a bigger message goes alone). */
export function byteChunks(messages: Message[], limit: number): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(String(message.value ?? ''));
    if (current.length && bytes + size > limit) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Exponential backoff with a ceiling: 0.5 s, 1 s, 2 s ... 30 s. */
/** A write InfluxDB will never accept from this user or into this database: retrying cannot help. */
function isPermanent(error: unknown): boolean {
  return error instanceof InfluxError && !error.retriable && [401, 403, 404].includes(error.status ?? 0);
}

export function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
}

/**
 * The Kafka and InfluxDB edge around PartitionWindows. Per batch: parse,
 * count, dead-letter what cannot count. Every second: write the dirty
 * minutes, then commit each partition's commit point with its checkpoint as
 * metadata. Writes always come before the commit that depends on them.
 */
export async function startAggregator(options: AggregatorOptions): Promise<RunningAggregator> {
  const { kafka, influx, metrics } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const maxBufferedMinutes = options.maxBufferedMinutes ?? 5000;
  const rollIntervalMs = options.rollIntervalMs ?? 5000;
  let lastRollAt = 0;
  const mutex = new Mutex();
  const roller = new HourRoller(influx, measurementSpecs(), HOURLY_ROLLUP);
  const windows = new Map<string, PartitionWindows>();
  const committed = new Map<string, string>();
  let checkpoints = new Map<string, Promise<Map<number, string | null>>>();
  let rebalancing = false;
  /** Counts group joins: commit points taken before the latest join are not committed. */
  let generation = 0;
  let stopping = false;
  let assignedTopics: string[] = [];
  let failedWrites = 0;
  let lastWriteAt = 0;
  let lastError: string | undefined;
  let toldHistory = false;

  // A 10 s session (kafkajs: 30 s) hands a crashed instance's partitions over sooner.
  const consumer: Consumer = kafka.consumer({ groupId: options.groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxBytesPerPartition: 4 * 1024 * 1024, maxWaitTimeInMs: 500 });
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const admin: Admin = kafka.admin();

  // A rebalance may hand our partitions to another instance: stop writing at
  // once, and forget everything unwritten; whoever owns a partition next
  // rebuilds it from the committed offset.
  consumer.on(consumer.events.REBALANCING, () => {
    rebalancing = true;
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    void mutex.run(async () => {
      windows.clear();
      committed.clear();
      checkpoints = new Map();
      rebalancing = false;
      generation += 1;
      assignedTopics = Object.keys(payload.memberAssignment);
      log(`[aggregator] joined group ${options.groupId}, assigned ${JSON.stringify(payload.memberAssignment)}`);
    });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    lastError = `consumer crashed: ${payload.error.message}${payload.restart ? ' (restarting)' : ''}`;
    log(`[aggregator] ${lastError}`);
  });

  async function windowsFor(topic: string, partition: number): Promise<PartitionWindows> {
    const key = `${topic}/${partition}`;
    let found = windows.get(key);
    if (found) return found;
    let byPartition = checkpoints.get(topic);
    if (!byPartition) {
      byPartition = admin.fetchOffsets({ groupId: options.groupId, topics: [topic] }).then(
        ([entry]) => new Map((entry?.partitions ?? []).map((p) => [p.partition, p.metadata])),
      );
      checkpoints.set(topic, byPartition);
    }
    const checkpoint = decodeCheckpoint((await byPartition).get(partition));
    found = new PartitionWindows(options.allowedLatenessMs, checkpoint, { network: options.network ?? true, historyAfterMs: HISTORY_AFTER_MS, minutesKeptMs: minutesKeptMs() });
    windows.set(key, found);
    return found;
  }

  /** Dead letters must be in Kafka before the offsets that carried them are committed: retry until they are. */
  async function sendDeadLetters(letters: DeadLetter[], heartbeat: () => Promise<void>): Promise<void> {
    const messages: Message[] = letters.map((letter) => ({ value: JSON.stringify(letter), timestamp: String(letter.at) }));
    for (let attempt = 1; ; attempt += 1) {
      try {
        // In requests well under the broker's 1 MB limit: a batch of thousands of late events is one too large.
        for (const chunk of byteChunks(messages, DEAD_LETTER_REQUEST_BYTES)) await producer.send({ topic: options.deadLetterTopic, acks: -1, messages: chunk });
        metrics.deadLettered.inc(letters.length);
        return;
      } catch (error) {
        lastError = `dead-letter topic not writable: ${(error as Error).message}`;
        log(`[aggregator] ${lastError}; retrying`);
        await sleep(backoffMs(attempt));
        await heartbeat().catch(() => undefined);
      }
    }
  }

  async function eachBatch({ batch, resolveOffset, heartbeat, isRunning, isStale }: EachBatchPayload): Promise<void> {
    await mutex.run(async () => {
      // Stopping: the last flush must cover everything counted, so nothing more is counted.
      if (rebalancing || stopping) return;
      const partitionWindows = await windowsFor(batch.topic, batch.partition);
      const { consumed, counted, late, invalid, letters, last } = countBatch(partitionWindows, batch.topic, batch.partition, batch.messages, () => isRunning() && !isStale());
      if (last === undefined) return;
      // Per batch, not per event: a prom-client increment costs about as much as windowing one event.
      metrics.counted.inc(counted);
      metrics.consumed.inc({ topic: batch.topic }, consumed);
      if (late) metrics.late.inc(late);
      for (const [reason, n] of invalid) metrics.invalid.inc({ reason }, n);
      if (letters.length) await sendDeadLetters(letters, heartbeat);
      resolveOffset(last);
      metrics.lag.set({ topic: batch.topic, partition: batch.partition }, Math.max(0, Number(BigInt(batch.highWatermark) - BigInt(last) - 1n)));
    });
    // A full buffer means InfluxDB is not taking writes: stop reading (but stay in the group) until it does.
    while (bufferedMinutes() >= maxBufferedMinutes && isRunning() && !stopping) {
      await sleep(flushIntervalMs);
      await heartbeat();
    }
  }

  function bufferedMinutes(): number {
    let total = 0;
    for (const partitionWindows of windows.values()) total += partitionWindows.openMinutes;
    metrics.bufferedMinutes.set(total);
    return total;
  }

  /**
   * Writes every dirty minute, then commits. False when InfluxDB refused
   * (nothing is committed then). With old hours pending, the commit waits for
   * their re-roll, which runs every rollIntervalMs (or now when `final`)
   * outside the mutex: a re-roll of many hours takes seconds, and consumption
   * (with its heartbeats) must go on meanwhile. The commit passes only what
   * was written before the re-roll.
   */
  async function flush(final = false): Promise<boolean> {
    const written = await writeDirty();
    if (!written) return false;
    if (roller.hasPending) {
      if (!final && Date.now() - lastRollAt < rollIntervalMs) return true;
      lastRollAt = Date.now();
      const timer = metrics.rollupSeconds.startTimer();
      try {
        await roller.rollPending();
        timer();
      } catch (error) {
        lastError = `re-rolling hourly rollups failed: ${(error as Error).message}`;
        log(`[aggregator] ${lastError}; retrying before the next commit`);
        return false;
      }
    }
    await mutex.run(() => commit(written));
    bufferedMinutes();
    return true;
  }

  /**
   * Writes every dirty minute; returns the commit points those writes allow,
   * or undefined when InfluxDB refused. The minutes are serialized under the
   * mutex and written outside it: a large write (a backlog, a history replay)
   * must not stop consumption, or the consumer misses its heartbeats and
   * loses its partitions. A minute counted into meanwhile has a newer version
   * and stays dirty for the next flush.
   */
  async function writeDirty(): Promise<CommitPoints | undefined> {
    const batch = await mutex.run(async () => (rebalancing ? undefined : collectDirty()));
    if (!batch) return { generation, offsets: [] };
    if (batch.lines.minuteLines.length || batch.lines.historyLines.length) {
      const timer = metrics.writeSeconds.startTimer();
      try {
        await writeChunks(batch.lines.minuteLines);
        await writeChunks(batch.lines.historyLines, HOURLY_ROLLUP.target.name);
      } catch (error) {
        failedWrites += 1;
        metrics.writeFailures.inc();
        if (isPermanent(error)) {
          lastError = (error as Error).message;
          options.onPermanentFailure?.(error as Error);
          return undefined;
        }
        lastError = `InfluxDB write failed (${failedWrites} in a row): ${(error as Error).message}`;
        log(`[aggregator] ${lastError}; retrying in ${backoffMs(failedWrites) / 1000} s`);
        return undefined;
      }
      timer();
      roller.noteWritten(batch.lines.minuteStarts);
      metrics.pointsWritten.inc(batch.lines.minuteLines.length + batch.lines.historyLines.length);
      if (failedWrites) log(`[aggregator] InfluxDB accepts writes again`);
      failedWrites = 0;
      lastError = undefined;
      lastWriteAt = Date.now();
      metrics.lastWrite.set(lastWriteAt / 1000);
    }
    return mutex.run(async (): Promise<CommitPoints> => {
      // Windows replaced by a rebalance meanwhile are not ours any more: nothing to mark, nothing to commit.
      if (batch.generation !== generation) return { generation: batch.generation, offsets: [] };
      for (const { partitionWindows, snapshots } of batch.pending) partitionWindows.written(snapshots);
      return commitPoints();
    });
  }

  async function writeChunks(lines: readonly string[], retentionPolicy?: string): Promise<void> {
    for (let i = 0; i < lines.length; i += WRITE_CHUNK_LINES) await influx.write(lines.slice(i, i + WRITE_CHUNK_LINES), retentionPolicy);
  }

  /** The dirty minutes of every partition as line protocol, and which minutes they are. */
  function collectDirty() {
    const pending: { stream: string; partitionWindows: PartitionWindows; snapshots: MinuteSnapshot[] }[] = [];
    for (const [stream, partitionWindows] of windows) {
      const snapshots = partitionWindows.dirty();
      if (snapshots.length) pending.push({ stream, partitionWindows, snapshots });
    }
    const lines = dirtyLines(
      pending.map(({ stream, snapshots }) => [stream, snapshots]),
      { now: Date.now(), minuteRetentionMs: minuteRetentionMs(), rollupRetentionMs: rollupRetentionMs() },
    );
    const { expired } = lines;
    if (expired.minutes) {
      metrics.beyondRetention.inc(expired.flights);
      log(`[aggregator] not written: ${expired.minutes} minute(s) with ${expired.flights} flight(s) older than their retention policy; InfluxDB would drop them without an error (${AGGREGATOR_METRICS.beyondRetention})`);
    }
    if (lines.historyLines.length && !toldHistory) {
      toldHistory = true;
      log(`[aggregator] history: flights sent an hour or more after their time are counted by the hour into ${HOURLY_ROLLUP.target.name} (beside the rollups, not re-rolled) and, within ${Math.round(minutesKeptMs() / 86_400_000)} days, by the minute into ${HOURLY_ROLLUP.source}`);
    }
    return { generation, pending, lines };
  }

  /** Each partition's commit point as of now, with the checkpoint that goes along. */
  function commitPoints(): CommitPoints {
    const offsets: CommitPoints['offsets'] = [];
    let newest = Number.NEGATIVE_INFINITY;
    for (const [stream, partitionWindows] of windows) {
      const point = partitionWindows.commitPoint();
      if (!point) continue;
      newest = Math.max(newest, point.checkpoint.maxTs);
      const metadata = encodeCheckpoint(point.checkpoint);
      const slash = stream.lastIndexOf('/');
      offsets.push({ stream, value: `${point.offset}|${metadata}`, topic: stream.slice(0, slash), partition: Number(stream.slice(slash + 1)), offset: point.offset, metadata });
    }
    if (Number.isFinite(newest)) metrics.eventTimeLag.set(Math.max(0, (Date.now() - newest) / 1000));
    return { generation, offsets };
  }

  /** Commits points taken earlier, unless the group moved on since (the partitions may be someone else's now). */
  async function commit(points: CommitPoints): Promise<void> {
    if (rebalancing || points.generation !== generation) return;
    const offsets = points.offsets.filter(({ stream, value }) => committed.get(stream) !== value);
    if (offsets.length === 0) return;
    try {
      await consumer.commitOffsets(offsets.map(({ topic, partition, offset, metadata }) => ({ topic, partition, offset, metadata })));
      for (const { stream, value } of offsets) committed.set(stream, value);
    } catch (error) {
      // Not fatal: the next flush commits again; a restart meanwhile re-reads and rewrites identical minutes.
      log(`[aggregator] offset commit failed: ${(error as Error).message}`);
    }
  }

  let flushLoop: Promise<void> = Promise.resolve();
  function startFlushLoop(): void {
    flushLoop = (async () => {
      while (!stopping) {
        const ok = await flush().catch((error) => {
          log(`[aggregator] flush failed: ${(error as Error).message}`);
          return false;
        });
        await sleep(ok ? flushIntervalMs : backoffMs(failedWrites));
      }
    })();
  }

  await admin.connect();
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: options.topics, fromBeginning: true });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  startFlushLoop();
  log(`[aggregator] consuming ${options.topics.join(', ')} as group ${options.groupId}; writing to ${influx.url} db ${influx.database}`);

  return {
    async stop() {
      stopping = true;
      await flushLoop;
      consumer.pause(assignedTopics.map((topic) => ({ topic })));
      // Last words, while still in the group (a stopped consumer cannot commit):
      // write and commit what is counted, so the next owner starts where we ended.
      for (let attempt = 1; attempt <= 3 && !(await flush(true)); attempt += 1) await sleep(backoffMs(attempt));
      await consumer.stop();
      await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
    },
    async abort() {
      stopping = true;
      await consumer.stop().catch(() => undefined);
      await Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
    },
    health() {
      const writeAge = lastWriteAt ? Date.now() - lastWriteAt : undefined;
      return {
        ok: failedWrites === 0 && !lastError?.startsWith('consumer crashed'),
        detail: { bufferedMinutes: bufferedMinutes(), failedWrites, lastWriteAgeMs: writeAge ?? null, rebalancing, error: lastError ?? null },
      };
    },
  };
}
