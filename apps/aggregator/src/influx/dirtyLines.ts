import { HISTORY_STREAM_SUFFIX } from '@flights/schemas';
import { minuteLines } from './minutePoints.ts';
import type { MinuteSnapshot } from '../window/PartitionWindows.ts';

/** Minutes closer than this to the end of their retention are not written: they would expire during the write. */
export const RETENTION_MARGIN_MS = 5 * 60_000;

/** The dirty minutes of every stream, as line protocol per retention policy. */
export interface DirtyLines {
  /** Minutes, live and history's (under the stream plus HISTORY_STREAM_SUFFIX), for the 1-minute retention policy. */
  minuteLines: string[];
  /** The live minutes' starts: the hours the rollups must be re-rolled for (history's minutes are not rolled up). */
  minuteStarts: number[];
  /** History's hours, for the rollups' retention policy (with the stream tag the rollups lack). */
  historyLines: string[];
  /** Minutes not written because InfluxDB would drop them without an error, and their flights. */
  expired: { minutes: number; flights: number };
}

export interface Retentions {
  /** Now, epoch ms. */
  now: number;
  minuteRetentionMs: number;
  rollupRetentionMs: number;
}

/**
 * Sorts snapshots by where they are written. A point older than its
 * retention policy is dropped by InfluxDB without an error: such minutes
 * are left out and counted, for the caller to say so.
 */
export function dirtyLines(
  streams: Iterable<[stream: string, snapshots: readonly MinuteSnapshot[]]>,
  retentions: Retentions,
): DirtyLines {
  const out: DirtyLines = { minuteLines: [], minuteStarts: [], historyLines: [], expired: { minutes: 0, flights: 0 } };
  const oldestMinute = retentions.now - retentions.minuteRetentionMs + RETENTION_MARGIN_MS;
  const oldestHistory = retentions.now - retentions.rollupRetentionMs + RETENTION_MARGIN_MS;
  for (const [stream, snapshots] of streams) {
    for (const snapshot of snapshots) {
      if (snapshot.kind === 'history-minute') {
        // Its flights are in their history hour too: a minute past the retention is only left out.
        if (snapshot.start >= oldestMinute)
          out.minuteLines.push(...minuteLines(snapshot, `${stream}${HISTORY_STREAM_SUFFIX}`));
      } else if (snapshot.start < (snapshot.kind === 'history-hour' ? oldestHistory : oldestMinute)) {
        out.expired.minutes += 1;
        out.expired.flights += snapshot.counts.total.flights;
      } else if (snapshot.kind === 'history-hour') {
        out.historyLines.push(...minuteLines(snapshot, stream));
      } else {
        out.minuteStarts.push(snapshot.start);
        out.minuteLines.push(...minuteLines(snapshot, stream));
      }
    }
  }
  return out;
}
