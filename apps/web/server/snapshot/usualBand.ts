import { hourOfWeek, usualByHourOfWeek } from '@flights/alerts';
import { HOUR_MS, MINUTE_MS, type Resolution } from '@flights/schemas';

/** Weeks of history the usual is learnt from: four whole weeks before the current hour. */
export const USUAL_WEEKS = 4;

/** The usual flights per bucket: the hour-of-week mean and one standard deviation, aligned with the buckets. */
export interface UsualBand {
  mean: number[];
  spread: number[];
}

/**
 * What is usual for each bucket: for its hour of the week, the mean and spread of the entity's hourly flights over
 * the whole hours of [historyFrom, historyTo) (an hour missing from the rollups had none). Minute buckets get a
 * sixtieth of their hour's. Undefined where the history holds fewer than two weeks: no band is better than a wrong
 * one.
 */
export function usualBand(
  hourly: ReadonlyMap<number, number>,
  historyFrom: number,
  historyTo: number,
  buckets: readonly number[],
  resolution: Resolution,
): UsualBand | undefined {
  const usual = usualByHourOfWeek(historyFrom, historyTo, (hour) => hourly.get(hour) ?? 0);
  const stats = buckets.map((bucket) => usual[hourOfWeek(bucket)]);
  if (stats.some((stat) => stat === undefined)) return undefined;
  const scale = resolution === 'minute' ? MINUTE_MS / HOUR_MS : 1;
  return {
    mean: stats.map((stat) => stat!.mean * scale),
    spread: stats.map((stat) => stat!.spread * scale),
  };
}
