import {
  HISTORY_AFTER_MS,
  HOUR_MS,
  INFLUX_RETENTION_POLICY,
  ROLLUP_RETENTION_POLICY,
  type Resolution,
} from '@flights/schemas';

/** Where one stretch of a range is read from: a retention policy and bounds (epoch ms, end exclusive). */
export interface RangeSource {
  policy: string;
  from: number;
  to: number;
  /**
   * The minutes of the last two hours: no history minute is that recent
   * (HISTORY_AFTER_MS), so the history streams are left out of the read,
   * which InfluxDB 1.6 pays for per series whether they have points or not.
   */
  withoutHistory?: boolean;
  /** Answered from the live edge the web server keeps (LiveMinutes), not asked of InfluxDB. */
  live?: true;
}

/** A stretch of the 1-minute points, without the history streams where it starts inside the last two hours. */
export function minutesSource(from: number, to: number, now: number): RangeSource {
  return {
    policy: INFLUX_RETENTION_POLICY.name,
    from,
    to,
    ...(from > now - HISTORY_AFTER_MS ? { withoutHistory: true } : {}),
  };
}

/**
 * The retention policies a span is read from. By the minute: the 1-minute
 * points. By the hour: the hourly rollups up to the hour before the current
 * one, and the last two hours from the minutes themselves, grouped by the
 * hour. The continuous queries recompute those two hours every minute, so
 * reading them from the minutes keeps hourly views exact and live instead
 * of up to a minute behind.
 */
export function rangeSources(
  resolution: Resolution,
  from: number,
  to: number,
  now: number,
  liveFrom?: number,
): RangeSource[] {
  if (resolution === 'minute') return splitAtLive(minutesSource(from, to, now), liveFrom);
  const split = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
  const sources: RangeSource[] = [];
  if (from < split) sources.push({ policy: ROLLUP_RETENTION_POLICY.name, from, to: Math.min(to, split) });
  if (to > split) sources.push(...splitAtLive(minutesSource(Math.max(from, split), to, now), liveFrom));
  return sources;
}

/**
 * A stretch of the minutes cut where the live edge starts (`liveFrom`, a
 * minute start; undefined while the minutes stream is not live): before it
 * read from InfluxDB, from it on answered from memory. Sums add up across the cut.
 */
function splitAtLive(source: RangeSource, liveFrom: number | undefined): RangeSource[] {
  if (liveFrom === undefined || source.to <= liveFrom) return [source];
  const live: RangeSource = { ...source, from: Math.max(source.from, liveFrom), withoutHistory: true, live: true };
  return source.from < liveFrom ? [{ ...source, to: liveFrom }, live] : [live];
}
