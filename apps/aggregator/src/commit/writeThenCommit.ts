import { InfluxError, type InfluxV1Client } from '@flights/influx';
import { AGGREGATOR_METRICS } from '@flights/schemas';
import type { GroupAssignment } from '../consumer/GroupAssignment.ts';
import { backoffMs } from '../consumer/backoff.ts';
import type { Mutex } from '../consumer/Mutex.ts';
import { dirtyLines } from '../influx/dirtyLines.ts';
import type { HourRoller } from '../influx/HourRoller.ts';
import { HOURLY_ROLLUP, minuteRetentionMs, minutesKeptMs, rollupRetentionMs } from '../influx/rollupTarget.ts';
import type { AggregatorMetrics } from '../metrics/aggregatorMetrics.ts';
import type { MinuteSnapshot, PartitionWindows } from '../window/PartitionWindows.ts';
import { encodeCheckpoint } from './checkpointMetadata.ts';

const WRITE_CHUNK_LINES = 5000;

/** One partition's offset to commit, with its checkpoint as the commit's metadata. */
export interface OffsetToCommit {
  topic: string;
  partition: number;
  offset: string;
  metadata: string;
}

/** Offsets (with checkpoint metadata) that writes made safe to commit, and the group generation they belong to. */
export interface CommitPoints {
  generation: number;
  /** Each with its stream (topic/partition) and `offset|metadata`, to skip what was committed already. */
  offsets: (OffsetToCommit & { stream: string; value: string })[];
}

/** A point InfluxDB will never accept (400: unparsable, a type conflict); the rest of its batch was written. */
function isRefusedPoint(error: unknown): boolean {
  return error instanceof InfluxError && error.status === 400;
}

/** A write InfluxDB will never accept from this user or into this database: retrying cannot help. */
function isPermanent(error: unknown): boolean {
  return error instanceof InfluxError && !error.retriable && [401, 403, 404].includes(error.status ?? 0);
}

export interface WriteThenCommitOptions {
  assignment: GroupAssignment;
  /** Held while the windows are read or changed: consumption counts into them under it. */
  mutex: Mutex;
  influx: InfluxV1Client;
  /** Commits offsets with their metadata for this member's generation; fails when the group has moved on. */
  commitOffsets: (offsets: OffsetToCommit[]) => Promise<void>;
  roller: HourRoller;
  metrics: AggregatorMetrics;
  /** How often old hours are re-rolled, with the commit that waits for them. */
  rollIntervalMs: number;
  log: (line: string) => void;
  /** A write refused for good (401, 403, 404): told once; nothing past what InfluxDB holds was committed. */
  onPermanentFailure?: (error: Error) => void;
  /**
   * Takes the changed live minutes for the minutes topic (LivePublisher.collect),
   * under the mutex, just before the dirty minutes are taken for writing: a
   * minute never becomes final (and leaves memory) before its last value was taken.
   */
  collectLive?: () => void;
}

/**
 * The aggregator's one rule, in one place: every dirty minute is written to
 * InfluxDB before the offsets that counted it are committed, each partition's
 * offset with its checkpoint as metadata. A crash between the two re-reads
 * and rewrites identical minutes; a refused write commits nothing.
 */
export class WriteThenCommit {
  failedWrites = 0;
  lastWriteAt = 0;
  lastError: string | undefined;
  private lastRollAt = 0;
  private toldHistory = false;

  private readonly options: WriteThenCommitOptions;

  constructor(options: WriteThenCommitOptions) {
    this.options = options;
  }

  /**
   * Writes every dirty minute, then commits. False when InfluxDB refused
   * (nothing is committed then). With old hours pending, the commit waits for
   * their re-roll, which runs every rollIntervalMs (or now when `final`)
   * outside the mutex: a re-roll of many hours takes seconds, and consumption
   * (with its heartbeats) must go on meanwhile. The commit passes only what
   * was written before the re-roll.
   */
  async flush(final = false): Promise<boolean> {
    const { roller, metrics, mutex } = this.options;
    const written = await this.writeDirty();
    if (!written) return false;
    if (roller.hasPending) {
      if (!final && Date.now() - this.lastRollAt < this.options.rollIntervalMs) return true;
      this.lastRollAt = Date.now();
      const timer = metrics.rollupSeconds.startTimer();
      try {
        await roller.rollPending();
        timer();
      } catch (error) {
        this.lastError = `re-rolling hourly rollups failed: ${(error as Error).message}`;
        this.options.log(`[aggregator] ${this.lastError}; retrying before the next commit`);
        return false;
      }
    }
    await mutex.run(() => this.commit(written));
    metrics.bufferedMinutes.set(this.options.assignment.bufferedMinutes());
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
  private async writeDirty(): Promise<CommitPoints | undefined> {
    const { assignment, mutex, metrics } = this.options;
    const batch = await mutex.run(async () => (assignment.rebalancing ? undefined : this.collectDirty()));
    if (!batch) return { generation: assignment.generation, offsets: [] };
    if (batch.lines.minuteLines.length || batch.lines.historyLines.length) {
      const timer = metrics.writeSeconds.startTimer();
      try {
        await this.writeChunks(batch.lines.minuteLines);
        await this.writeChunks(batch.lines.historyLines, HOURLY_ROLLUP.target.name);
      } catch (error) {
        this.writeFailed(error as Error);
        return undefined;
      }
      timer();
      this.options.roller.noteWritten(batch.lines.minuteStarts);
      metrics.pointsWritten.inc(batch.lines.minuteLines.length + batch.lines.historyLines.length);
      if (this.failedWrites) this.options.log(`[aggregator] InfluxDB accepts writes again`);
      this.failedWrites = 0;
      this.lastError = undefined;
      this.lastWriteAt = Date.now();
      metrics.lastWrite.set(this.lastWriteAt / 1000);
    }
    return mutex.run(async (): Promise<CommitPoints> => {
      // Windows replaced by a rebalance meanwhile are not ours any more: nothing to mark, nothing to commit.
      if (batch.generation !== assignment.generation) return { generation: batch.generation, offsets: [] };
      for (const { partitionWindows, snapshots } of batch.pending) partitionWindows.written(snapshots);
      return this.commitPoints();
    });
  }

  private writeFailed(error: Error): void {
    this.failedWrites += 1;
    this.options.metrics.writeFailures.inc();
    if (isPermanent(error)) {
      this.lastError = error.message;
      this.options.onPermanentFailure?.(error);
      return;
    }
    this.lastError = `InfluxDB write failed (${this.failedWrites} in a row): ${error.message}`;
    this.options.log(`[aggregator] ${this.lastError}; retrying in ${backoffMs(this.failedWrites) / 1000} s`);
  }

  private async writeChunks(lines: readonly string[], retentionPolicy?: string): Promise<void> {
    for (let i = 0; i < lines.length; i += WRITE_CHUNK_LINES) {
      try {
        await this.options.influx.write(lines.slice(i, i + WRITE_CHUNK_LINES), retentionPolicy);
      } catch (error) {
        if (!isRefusedPoint(error)) throw error;
        this.pointRefused(error as InfluxError);
      }
    }
  }

  /**
   * InfluxDB refused a point for good (400): a value it cannot parse or a
   * field type conflict. InfluxDB 1.x writes the batch's other points all the
   * same (a partial write), so retrying would refuse the same point forever
   * and hold every commit back: the refusal is said once, with InfluxDB's own
   * words (which name the point), counted, and the flush goes on.
   */
  private pointRefused(error: InfluxError): void {
    this.options.metrics.pointsRefused.inc();
    this.options.log(
      `[aggregator] InfluxDB refused a point for good, the others were written: ${error.message.slice(0, 500)}`,
    );
  }

  /** The dirty minutes of every partition as line protocol, and which minutes they are. */
  private collectDirty() {
    const { assignment, metrics, log } = this.options;
    this.options.collectLive?.();
    const pending: { stream: string; partitionWindows: PartitionWindows; snapshots: MinuteSnapshot[] }[] = [];
    for (const { stream, windows } of assignment.windows.values()) {
      const snapshots = windows.dirty();
      if (snapshots.length) pending.push({ stream: stream.key, partitionWindows: windows, snapshots });
    }
    const lines = dirtyLines(
      pending.map(({ stream, snapshots }) => [stream, snapshots]),
      { now: Date.now(), minuteRetentionMs: minuteRetentionMs(), rollupRetentionMs: rollupRetentionMs() },
    );
    const { expired } = lines;
    if (expired.minutes) {
      metrics.beyondRetention.inc(expired.flights);
      log(
        `[aggregator] not written: ${expired.minutes} minute(s) with ${expired.flights} flight(s) older than their retention policy; InfluxDB would drop them without an error (${AGGREGATOR_METRICS.beyondRetention})`,
      );
    }
    if (lines.historyLines.length && !this.toldHistory) {
      this.toldHistory = true;
      log(
        `[aggregator] history: flights sent two hours or more after their time are counted by the hour into ${HOURLY_ROLLUP.target.name} (beside the rollups, not re-rolled) and, within ${Math.round(minutesKeptMs() / 86_400_000)} days, by the minute into ${HOURLY_ROLLUP.source}`,
      );
    }
    return { generation: assignment.generation, pending, lines };
  }

  /** Each partition's commit point as of now, with the checkpoint that goes along. */
  private commitPoints(): CommitPoints {
    const offsets: CommitPoints['offsets'] = [];
    let newest = Number.NEGATIVE_INFINITY;
    for (const { stream, windows } of this.options.assignment.windows.values()) {
      const point = windows.commitPoint();
      if (!point) continue;
      newest = Math.max(newest, point.checkpoint.maxTs);
      const metadata = encodeCheckpoint(point.checkpoint);
      const { topic, partition, key } = stream;
      offsets.push({
        stream: key,
        value: `${point.offset}|${metadata}`,
        topic,
        partition,
        offset: point.offset,
        metadata,
      });
    }
    if (Number.isFinite(newest)) this.options.metrics.eventTimeLag.set(Math.max(0, (Date.now() - newest) / 1000));
    return { generation: this.options.assignment.generation, offsets };
  }

  /** Commits points taken earlier, unless the group moved on since (the partitions may be someone else's now). */
  private async commit(points: CommitPoints): Promise<void> {
    const { assignment } = this.options;
    if (assignment.rebalancing || points.generation !== assignment.generation) return;
    const offsets = points.offsets.filter(({ stream, value }) => assignment.committed.get(stream) !== value);
    if (offsets.length === 0) return;
    try {
      await this.options.commitOffsets(offsets);
      for (const { stream, value } of offsets) assignment.committed.set(stream, value);
    } catch (error) {
      // Not fatal: the next flush commits again; a restart meanwhile re-reads and rewrites identical minutes.
      this.options.log(`[aggregator] offset commit failed: ${(error as Error).message}`);
    }
  }
}
