import { HOUR_MS } from '@flights/schemas';

const WEEK_HOURS = 168;
/** Fewer weeks than this with the hour in them say nothing about what is usual. */
export const MIN_USUAL_WEEKS = 2;

/** What is usual for one hour of the week: the mean of its samples and one standard deviation. */
export interface Usual {
  mean: number;
  spread: number;
}

/** Hour of the week, UTC, 0 = Thursday 00:00 (the epoch's weekday): only equality matters. */
export const hourOfWeek = (ms: number) => Math.floor(ms / HOUR_MS) % WEEK_HOURS;

/**
 * The usual of a value for each hour of the week (index: hourOfWeek), learnt from the whole hours of [from, to):
 * `valueAt(hour)` is the hour's value (an hour missing from the rollups is the caller's 0), undefined where it has
 * none to give (an average of no flights). An hour of the week with fewer than MIN_USUAL_WEEKS samples is
 * undefined: no usual is better than a wrong one.
 */
export function usualByHourOfWeek(
  from: number,
  to: number,
  valueAt: (hour: number) => number | undefined,
): (Usual | undefined)[] {
  const samples = Array.from({ length: WEEK_HOURS }, () => [] as number[]);
  for (let hour = Math.ceil(from / HOUR_MS) * HOUR_MS; hour + HOUR_MS <= to; hour += HOUR_MS) {
    const value = valueAt(hour);
    if (value !== undefined) samples[hourOfWeek(hour)]!.push(value);
  }
  return samples.map((values) => {
    if (values.length < MIN_USUAL_WEEKS) return undefined;
    const mean = values.reduce((sum, v) => sum + v, 0) / values.length;
    const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (values.length - 1);
    return { mean, spread: Math.sqrt(variance) };
  });
}
