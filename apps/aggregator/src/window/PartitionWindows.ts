import type { FlightEvent } from '@flights/schemas';
import { HOUR_MS } from '@flights/schemas';
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
  /** Start of the next window: a minute later, or an hour for history. */
  end: number;
  history: boolean;
  counts: MinuteCounts;
  /** Lowest offset counted here: the commit may not pass it until the minute is final. */
  firstOffset: bigint;
  version: number;
  writtenVersion: number;
}

export interface MinuteSnapshot {
  start: number;
  /** Counted from events sent long after their time (see WindowOptions.historyAgeMs): a whole hour from `start`, written beside the hourly rollups, not with the minutes. */
  history: boolean;
  counts: MinuteCounts;
  version: number;
}

export interface WindowOptions {
  /** Count the network dimensions (itinerary, leg, hub, stops); default true. */
  network: boolean;
  /**
   * An event whose minute starts this much (ms) or more before the record's
   * send time is history: it is counted in an hour-long window of its own,
   * apart from live events, and written where old data lives (old data is
   * kept by the hour; a year of history by the minute is millions of points). Undefined:
   * every event is live. Deciding by the send time, which Kafka keeps with
   * the record, and not by the clock at counting, makes a re-read after a
   * crash sort every event into the window it was counted in before.
   */
  historyAgeMs?: number;
}

/** A window's key: its start, plus one for a history window (starts are whole minutes, so keys never collide). */
const windowKey = (start: number, history: boolean) => (history ? start + 1 : start);
const hourStart = (ts: number) => Math.floor(ts / HOUR_MS) * HOUR_MS;

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
    private readonly counting: WindowOptions = { network: true },
  ) {
    this.maxTs = restored?.maxTs ?? Number.NEGATIVE_INFINITY;
    this.seen = restored ? BigInt(restored.seen) : -1n;
    this.handledBelow = this.seen;
  }

  get watermark(): number {
    return this.maxTs - this.allowedLatenessMs;
  }

  private isClosed(end: number): boolean {
    return end <= this.watermark;
  }

  /** Counts one event; `sentAt` is the record's timestamp (when the replayer sent it), which decides whether it is history. */
  add(event: FlightEvent, offset: string, sentAt?: number): AddOutcome {
    const at = BigInt(offset);
    const { historyAgeMs } = this.counting;
    const history = historyAgeMs !== undefined && sentAt !== undefined && minuteStart(event.ts) <= sentAt - historyAgeMs;
    const start = history ? hourStart(event.ts) : minuteStart(event.ts);
    const end = start + (history ? HOUR_MS : MINUTE_MS);
    let outcome: AddOutcome;
    const key = windowKey(start, history);
    const open = this.minutes.get(key);
    if (!open && this.isClosed(end)) {
      outcome = at < this.handledBelow ? 'already-handled' : 'late';
    } else {
      const minute = open ?? { start, end, history, counts: emptyMinute(), firstOffset: at, version: 0, writtenVersion: 0 };
      if (!open) this.minutes.set(key, minute);
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
      if (minute.version > minute.writtenVersion) out.push({ start: minute.start, history: minute.history, counts: minute.counts, version: minute.version });
    }
    return out;
  }

  /**
   * Records a successful write. Closed windows written at their latest
   * version are final and leave memory, earliest end first: a final window
   * never ends after an unfinished one, which the commit point relies on (a
   * restart's watermark stops before the earliest unfinished end, so every
   * window that left memory stays closed).
   */
  written(snapshots: readonly MinuteSnapshot[]): void {
    for (const snapshot of snapshots) {
      const minute = this.minutes.get(windowKey(snapshot.start, snapshot.history));
      if (minute && snapshot.version > minute.writtenVersion) minute.writtenVersion = snapshot.version;
    }
    for (const [key, minute] of [...this.minutes].sort(([, a], [, b]) => a.end - b.end)) {
      if (!this.isClosed(minute.end) || minute.writtenVersion !== minute.version) break;
      this.minutes.delete(key);
    }
  }

  /**
   * Where a restart must resume: before the first message of the oldest
   * minute still in memory, or after everything read. Undefined before any message.
   */
  commitPoint(): { offset: string; checkpoint: PartitionCheckpoint } | undefined {
    if (this.seen < 0n) return undefined;
    let offset = this.seen;
    let earliestEnd = Number.POSITIVE_INFINITY;
    for (const minute of this.minutes.values()) {
      if (minute.firstOffset < offset) offset = minute.firstOffset;
      if (minute.end < earliestEnd) earliestEnd = minute.end;
    }
    // A closed window still in memory was not written (InfluxDB down): the
    // restored watermark must keep it open, or a restart would skip its events.
    const maxTs = Math.min(this.maxTs, earliestEnd + this.allowedLatenessMs - 1);
    return { offset: String(offset), checkpoint: { maxTs, seen: String(this.seen) } };
  }

  get openMinutes(): number {
    return this.minutes.size;
  }
}
