import type { FlightEvent } from '@flights/schemas';
import { addEvent, emptyMinute, MINUTE_MS, minuteStart, type MinuteCounts } from './MinuteCounts.ts';

/** What a consumer must remember across restarts, stored as the commit's metadata. */
export interface PartitionCheckpoint {
  /** Newest event time seen: defines the watermark. */
  maxTs: number;
  /** Offset after the newest message processed; messages below it in closed minutes were handled before. */
  seen: string;
}

export type AddOutcome =
  /** Counted into an open minute. */
  | 'counted'
  /** Its minute closed before it came: not counted, to be dead-lettered. */
  | 'late'
  /** Re-read after a restart; its minute is closed and was written (or it was dead-lettered) before. */
  | 'already-handled';

interface OpenMinute {
  start: number;
  counts: MinuteCounts;
  /** Lowest offset counted here: the commit may not pass it until the minute is final. */
  firstOffset: bigint;
  version: number;
  writtenVersion: number;
}

export interface MinuteSnapshot {
  start: number;
  counts: MinuteCounts;
  version: number;
}

/**
 * The 1-minute tumbling windows of one partition, on event time, as pure
 * state: no I/O. A minute closes when the watermark (newest event time minus
 * the allowed lateness) passes its end; it is dropped once closed and written.
 *
 * Exactness across crashes rests on the commit point: the offset of the
 * oldest message counted into a minute not yet final, plus the checkpoint.
 * A restarted consumer re-reads from there, rebuilds every non-final minute
 * completely, and skips messages of minutes that were already final.
 */
export class PartitionWindows {
  private readonly minutes = new Map<number, OpenMinute>();
  private maxTs: number;
  private seen: bigint;
  private readonly handledBelow: bigint;

  constructor(
    private readonly allowedLatenessMs: number,
    restored?: PartitionCheckpoint,
    private readonly counting: { network: boolean } = { network: true },
  ) {
    this.maxTs = restored?.maxTs ?? Number.NEGATIVE_INFINITY;
    this.seen = restored ? BigInt(restored.seen) : -1n;
    this.handledBelow = this.seen;
  }

  get watermark(): number {
    return this.maxTs - this.allowedLatenessMs;
  }

  private isClosed(start: number): boolean {
    return start + MINUTE_MS <= this.watermark;
  }

  add(event: FlightEvent, offset: string): AddOutcome {
    const at = BigInt(offset);
    const start = minuteStart(event.ts);
    let outcome: AddOutcome;
    const open = this.minutes.get(start);
    if (!open && this.isClosed(start)) {
      outcome = at < this.handledBelow ? 'already-handled' : 'late';
    } else {
      const minute = open ?? { start, counts: emptyMinute(), firstOffset: at, version: 0, writtenVersion: 0 };
      if (!open) this.minutes.set(start, minute);
      addEvent(minute.counts, event, this.counting.network);
      minute.version += 1;
      if (event.ts > this.maxTs) this.maxTs = event.ts;
      outcome = 'counted';
    }
    this.skip(offset);
    return outcome;
  }

  /** A message that counts for nothing (poison, late) still moves the read position. */
  skip(offset: string): void {
    const next = BigInt(offset) + 1n;
    if (next > this.seen) this.seen = next;
  }

  /** Minutes changed since their last write, with the version each snapshot shows. */
  dirty(): MinuteSnapshot[] {
    const out: MinuteSnapshot[] = [];
    for (const minute of this.minutes.values()) {
      if (minute.version > minute.writtenVersion) out.push({ start: minute.start, counts: minute.counts, version: minute.version });
    }
    return out;
  }

  /**
   * Records a successful write. Closed minutes written at their latest
   * version are final and leave memory, oldest first: a final minute never
   * sits behind an unfinished older one, which the commit point relies on.
   */
  written(snapshots: readonly MinuteSnapshot[]): void {
    for (const snapshot of snapshots) {
      const minute = this.minutes.get(snapshot.start);
      if (minute && snapshot.version > minute.writtenVersion) minute.writtenVersion = snapshot.version;
    }
    for (const start of [...this.minutes.keys()].sort((a, b) => a - b)) {
      const minute = this.minutes.get(start)!;
      if (!this.isClosed(start) || minute.writtenVersion !== minute.version) break;
      this.minutes.delete(start);
    }
  }

  /**
   * Where a restart must resume: before the first message of the oldest
   * minute still in memory, or after everything read. Undefined before any message.
   */
  commitPoint(): { offset: string; checkpoint: PartitionCheckpoint } | undefined {
    if (this.seen < 0n) return undefined;
    let offset = this.seen;
    let oldest = Number.POSITIVE_INFINITY;
    for (const minute of this.minutes.values()) {
      if (minute.firstOffset < offset) offset = minute.firstOffset;
      if (minute.start < oldest) oldest = minute.start;
    }
    // A closed minute still in memory was not written (InfluxDB down): the
    // restored watermark must keep it open, or a restart would skip its events.
    const maxTs = Math.min(this.maxTs, oldest + MINUTE_MS + this.allowedLatenessMs - 1);
    return { offset: String(offset), checkpoint: { maxTs, seen: String(this.seen) } };
  }

  get openMinutes(): number {
    return this.minutes.size;
  }
}
