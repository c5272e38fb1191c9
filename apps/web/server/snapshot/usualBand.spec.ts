import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS } from '@flights/schemas';
import { usualBand } from './usualBand.ts';

const WEEK = 168 * HOUR_MS;
const FROM = Date.UTC(2026, 10, 5, 0, 0);

/** Four weeks where Thursday 08:00 had 10, 20, 30, 40 flights and every other hour 5. */
function history(): Map<number, number> {
  const hourly = new Map<number, number>();
  for (let hour = FROM; hour < FROM + 4 * WEEK; hour += HOUR_MS) hourly.set(hour, 5);
  for (const [week, flights] of [10, 20, 30, 40].entries()) hourly.set(FROM + week * WEEK + 8 * HOUR_MS, flights);
  return hourly;
}

describe('usualBand', () => {
  it('gives each bucket its hour of the week: mean and standard deviation over the weeks', () => {
    const eight = FROM + 4 * WEEK + 8 * HOUR_MS;
    const band = usualBand(history(), FROM, FROM + 4 * WEEK, [eight, eight + HOUR_MS], 'hour')!;
    expect(band.mean).toEqual([25, 5]);
    expect(band.spread[0]).toBeCloseTo(12.91, 2);
    expect(band.spread[1]).toBe(0);
  });

  it('counts an hour missing from the rollups as none, and gives minutes a sixtieth of their hour', () => {
    const hourly = history();
    hourly.delete(FROM + 9 * HOUR_MS);
    const nine = FROM + 4 * WEEK + 9 * HOUR_MS;
    const band = usualBand(hourly, FROM, FROM + 4 * WEEK, [nine + 5 * MINUTE_MS], 'minute')!;
    expect(band.mean[0]).toBeCloseTo(15 / 4 / 60, 6);
  });

  it('says nothing with less than two weeks of history', () => {
    expect(usualBand(history(), FROM, FROM + WEEK, [FROM], 'hour')).toBeUndefined();
  });
});
