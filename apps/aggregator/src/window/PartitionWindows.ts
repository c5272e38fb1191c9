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
  | 'already-handled'
  /** Its time is further ahead of its record's send time than `maxFutureMs`: not counted, to be dead-lettered. */
  | 'future';

/**
 * What a window holds and where it is written: `minute`, live events by the
 * minute (the 1-minute points); `history-minute`, history by the minute (the
 * 1-minute points too, under a stream of their own that the rollups leave
 * out); `history-hour`, history by the hour (beside the hourly rollups).
 */
export type WindowKind = 'minute' | 'history-minute' | 'history-hour';

interface OpenMinute {
  start: number;
  /** Start of the next window: a minute later, or an hour for `history-hour`. */
  end: number;
  kind: WindowKind;
  counts: MinuteCounts;
  /** Lowest offset counted here: the commit may not pass it until the minute is final. */
  firstOffset: bigint;
  version: number;
  writtenVersion: number;
  /** The version last handed to the minutes topic's publisher (live minutes only). */
  publishedVersion: number;
}

export interface MinuteSnapshot {
  start: number;
  /** See WindowKind; a `history-hour` window spans the hour from `start`. */
  kind: WindowKind;
  counts: MinuteCounts;
  version: number;
}

export interface WindowOptions {
  /** Count the network dimensions (itinerary, leg, hub, stops); default true. */
  network: boolean;
  /**
   * History: an event whose minute starts `historyAfterMs` or more before
   * the record's send time (a replay into the past, a long backlog). It is
   * counted twice, by the minute and by the hour, each apart from live
   * events: the hour is written beside the hourly rollups and the minute
   * with the 1-minute points, where the rollups do not read it. So nothing
   * of a replay into the past needs its hours re-rolled from InfluxDB. One
   * that is `minutesKeptMs` or more behind its send time is counted only by
   * the hour: its minute would be past the 1-minute retention. Undefined:
   * every event is live. The send time is the record's, kept by Kafka, so a
   * re-read after a crash sorts every event as before.
   */
  historyAfterMs?: number;
  minutesKeptMs?: number;
  /**
   * How far an event's time may be ahead of its record's timestamp (the
   * broker's or the sender's clock). One further ahead (a typo'd year, a
   * hostile producer) would move the watermark past every live minute, and
   * every later event would count as late; it is refused instead, and never
   * moves the watermark. Undefined: no bound.
   */
  maxFutureMs?: number;
}

/** A window's key: its start, plus 1 or 2 for history (starts are whole minutes, so keys never collide). */
const windowKey = (start: number, kind: WindowKind) =>
  start + (kind === 'minute' ? 0 : kind === 'history-hour' ? 1 : 2);
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
  /** One past the highest offset handed to this instance: what the client hands again is a redelivery. */
  private delivered = 0n;

  private readonly allowedLatenessMs: number;
  private readonly counting: WindowOptions;

  constructor(allowedLatenessMs: number, restored?: PartitionCheckpoint, counting: WindowOptions = { network: true }) {
    this.allowedLatenessMs = allowedLatenessMs;
    this.counting = counting;
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

  /**
   * Counts one event; `sentAt` is the record's timestamp (when the replayer
   * sent it), which decides whether it is history. History counted by the
   * hour and the minute is decided by its hour: a history event later than
   * the allowed lateness for its minute, but inside its open hour, counts in
   * the hour only (a replay into the past sends in time order, so this is rare).
   */
  add(event: FlightEvent, offset: string, sentAt?: number): AddOutcome {
    const { maxFutureMs } = this.counting;
    if (maxFutureMs !== undefined && sentAt !== undefined && sentAt > 0 && event.ts - sentAt > maxFutureMs) {
      this.skip(offset);
      return 'future';
    }
    const minute = minuteStart(event.ts);
    const age = sentAt === undefined ? 0 : sentAt - minute;
    const { historyAfterMs, minutesKeptMs = Number.POSITIVE_INFINITY } = this.counting;
    let outcome: AddOutcome;
    if (historyAfterMs === undefined || age < historyAfterMs) {
      outcome = this.addTo(event, offset, 'minute', minute, MINUTE_MS);
    } else {
      outcome = this.addTo(event, offset, 'history-hour', hourStart(event.ts), HOUR_MS);
      if (outcome === 'counted' && age < minutesKeptMs) {
        const key = windowKey(minute, 'history-minute');
        if (this.minutes.has(key) || !this.isClosed(minute + MINUTE_MS))
          this.addTo(event, offset, 'history-minute', minute, MINUTE_MS);
      }
    }
    this.skip(offset);
    return outcome;
  }

  private addTo(event: FlightEvent, offset: string, kind: WindowKind, start: number, length: number): AddOutcome {
    const key = windowKey(start, kind);
    const open = this.minutes.get(key);
    const at = BigInt(offset);
    if (!open && this.isClosed(start + length)) return at < this.handledBelow ? 'already-handled' : 'late';
    const window = open ?? {
      start,
      end: start + length,
      kind,
      counts: emptyMinute(),
      firstOffset: at,
      version: 0,
      writtenVersion: 0,
      publishedVersion: 0,
    };
    if (!open) this.minutes.set(key, window);
    addEvent(window.counts, event, this.counting.network);
    window.version += 1;
    if (event.ts > this.maxTs) this.maxTs = event.ts;
    return 'counted';
  }

  /** A message that counts for nothing (poison, late) still moves the read position. */
  skip(offset: string): void {
    const next = BigInt(offset) + 1n;
    if (next > this.seen) this.seen = next;
    if (next > this.delivered) this.delivered = next;
  }

  /**
   * Whether this instance was handed the offset before. Offsets only grow
   * within a partition, so a second delivery (the client fetching again
   * from an older position after a leader moved) must not count twice. The
   * re-read from the commit point after a restart or a rebalance is not
   * one: it goes to a new instance, built from the checkpoint.
   */
  isRedelivery(offset: string): boolean {
    return BigInt(offset) < this.delivered;
  }

  /** Minutes changed since their last write, with the version each snapshot shows. */
  dirty(): MinuteSnapshot[] {
    const out: MinuteSnapshot[] = [];
    for (const minute of this.minutes.values()) {
      if (minute.version > minute.writtenVersion)
        out.push({ start: minute.start, kind: minute.kind, counts: minute.counts, version: minute.version });
    }
    return out;
  }

  /**
   * Live minutes changed since they were last handed to the publisher of the
   * minutes topic, marked as handed. History is not live: it goes to InfluxDB only.
   */
  takeUnpublished(): MinuteSnapshot[] {
    const out: MinuteSnapshot[] = [];
    for (const minute of this.minutes.values()) {
      if (minute.kind !== 'minute' || minute.version === minute.publishedVersion) continue;
      minute.publishedVersion = minute.version;
      out.push({ start: minute.start, kind: minute.kind, counts: minute.counts, version: minute.version });
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
      const minute = this.minutes.get(windowKey(snapshot.start, snapshot.kind));
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
