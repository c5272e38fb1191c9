import type { RollupTarget } from '@flights/influx';
import { HOUR_MS, INFLUX_RETENTION_POLICY, ROLLUP_RETENTION_POLICY, ROLLUP_SCHEDULE } from '@flights/schemas';

/** The hourly rollups of every measurement, as the README's schema section documents them. */
export const HOURLY_ROLLUP: RollupTarget = { source: INFLUX_RETENTION_POLICY.name, target: ROLLUP_RETENTION_POLICY, ...ROLLUP_SCHEDULE };

/** The 1-minute retention in ms: minutes older than this (less a margin for the write) are not written. */
export function minuteRetentionMs(): number {
  const days = Number(/^(\d+)d$/.exec(INFLUX_RETENTION_POLICY.duration)?.[1]);
  return days * 24 * HOUR_MS;
}
