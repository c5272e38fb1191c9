import type { RollupTarget } from '@flights/influx';
import { HOUR_MS, INFLUX_RETENTION_POLICY, ROLLUP_RETENTION_POLICY, ROLLUP_SCHEDULE } from '@flights/schemas';

/** The hourly rollups of every measurement, as the README's schema section documents them. */
export const HOURLY_ROLLUP: RollupTarget = { source: INFLUX_RETENTION_POLICY.name, target: ROLLUP_RETENTION_POLICY, ...ROLLUP_SCHEDULE };

const days = (duration: string) => Number(/^(\d+)d$/.exec(duration)?.[1]) * 24 * HOUR_MS;

/** The 1-minute retention in ms: minutes older than this (less a margin for the write) are not written. */
export function minuteRetentionMs(): number {
  return days(INFLUX_RETENTION_POLICY.duration);
}

/** The rollups' retention in ms: history older than this (less the margin) is not written. */
export function rollupRetentionMs(): number {
  return days(ROLLUP_RETENTION_POLICY.duration);
}

/**
 * How long the aggregator may lag behind the replayer before a live event's
 * minute falls out of the 1-minute retention: an event sent more than the
 * retention less this after its time is history (WindowOptions.historyAgeMs).
 */
const HISTORY_LAG_ALLOWANCE_MS = 24 * HOUR_MS;

/** An event this much older than its send time is history, written straight into the rollups' retention policy. */
export function historyAgeMs(): number {
  return minuteRetentionMs() - HISTORY_LAG_ALLOWANCE_MS;
}
