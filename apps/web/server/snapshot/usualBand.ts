import { HOUR_MS, MINUTE_MS, type Resolution } from '@flights/schemas';

const WEEK_HOURS = 168;
/** Weeks of history the usual is learnt from: four whole weeks before the current hour. */
export const USUAL_WEEKS = 4;
/** Fewer weeks than this with the hour in them say nothing about what is usual. */
const MIN_WEEKS = 2;

/** The usual flights per bucket: the hour-of-week mean and one standard deviation, aligned with the buckets. */
export interface UsualBand {
  mean: number[];
  spread: number[];
}

/** Hour of the week, UTC, 0 = Thursday 00:00 (the epoch's weekday): only equality matters. */
const hourOfWeek = (ms: number) => Math.floor(ms / HOUR_MS) % WEEK_HOURS;

/**
 * What is usual for each bucket: for its hour of the week, the mean and spread of the entity's hourly flights over
 * the whole hours of [historyFrom, historyTo) (an hour missing from the rollups had none). Minute buckets get a
 * sixtieth of their hour's. Undefined when the history holds fewer than two weeks: no band is better than a wrong one.
 */
export function usualBand(
  hourly: ReadonlyMap<number, number>,
  historyFrom: number,
  historyTo: number,
  buckets: readonly number[],
  resolution: Resolution,
): UsualBand | undefined {
  const first = Math.ceil(historyFrom / HOUR_MS) * HOUR_MS;
  if (historyTo - first < MIN_WEEKS * WEEK_HOURS * HOUR_MS) return undefined;
  const samples = Array.from({ length: WEEK_HOURS }, () => [] as number[]);
  for (let hour = first; hour + HOUR_MS <= historyTo; hour += HOUR_MS)
    samples[hourOfWeek(hour)]!.push(hourly.get(hour) ?? 0);
  const stats = samples.map((values) => {
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
    return { mean, spread: Math.sqrt(variance) };
  });
  const scale = resolution === 'minute' ? MINUTE_MS / HOUR_MS : 1;
  return {
    mean: buckets.map((bucket) => stats[hourOfWeek(bucket)]!.mean * scale),
    spread: buckets.map((bucket) => stats[hourOfWeek(bucket)]!.spread * scale),
  };
}
