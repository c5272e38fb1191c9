import { HOUR_MS, INFLUX_RETENTION_POLICY, ROLLUP_RETENTION_POLICY, type Resolution } from '@flights/schemas';

/** Where one stretch of a range is read from: a retention policy and bounds (epoch ms, end exclusive). */
export interface RangeSource {
  policy: string;
  from: number;
  to: number;
}

/**
 * The retention policies a span is read from. By the minute: the 1-minute
 * points. By the hour: the hourly rollups up to the hour before the current
 * one, and the last two hours from the minutes themselves, grouped by the
 * hour. The continuous queries recompute those two hours every minute, so
 * reading them from the minutes keeps hourly views exact and live instead
 * of up to a minute behind.
 */
export function rangeSources(resolution: Resolution, from: number, to: number, now: number): RangeSource[] {
  if (resolution === 'minute') return [{ policy: INFLUX_RETENTION_POLICY.name, from, to }];
  const split = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
  const sources: RangeSource[] = [];
  if (from < split) sources.push({ policy: ROLLUP_RETENTION_POLICY.name, from, to: Math.min(to, split) });
  if (to > split) sources.push({ policy: INFLUX_RETENTION_POLICY.name, from: Math.max(from, split), to });
  return sources;
}
