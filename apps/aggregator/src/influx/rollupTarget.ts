import type { RollupTarget } from '@flights/influx';
import {
  HOUR_MS,
  INFLUX_RETENTION_POLICY,
  ROLLUP_RETENTION_POLICY,
  ROLLUP_SCHEDULE,
  STREAM_CONDITIONS,
} from '@flights/schemas';

/** The hourly rollups of every measurement, as the README's schema section documents them; history's minutes are left out (the aggregator writes its hours itself). */
export const HOURLY_ROLLUP: RollupTarget = {
  source: INFLUX_RETENTION_POLICY.name,
  target: ROLLUP_RETENTION_POLICY,
  exclude: STREAM_CONDITIONS.notHistory,
  ...ROLLUP_SCHEDULE,
};

const days = (duration: string) => Number(/^(\d+)d$/.exec(duration)?.[1]) * 24 * HOUR_MS;

/** The 1-minute retention in ms: minutes older than this (less a margin for the write) are not written. */
export function minuteRetentionMs(): number {
  return days(INFLUX_RETENTION_POLICY.duration);
}

/** The rollups' retention in ms: history older than this (less the margin) is not written. */
export function rollupRetentionMs(): number {
  return days(ROLLUP_RETENTION_POLICY.duration);
}

/** An event sent this long after its time is history (WindowOptions.historyAfterMs): see the schema. */
export { HISTORY_AFTER_MS } from '@flights/schemas';

/**
 * How long the aggregator may lag behind the replayer before a minute falls
 * out of the 1-minute retention: history sent more than the retention less
 * this after its time is counted by the hour only (WindowOptions.minutesKeptMs).
 */
const LAG_ALLOWANCE_MS = 24 * HOUR_MS;

export function minutesKeptMs(): number {
  return minuteRetentionMs() - LAG_ALLOWANCE_MS;
}
