import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '@flights/schemas';
import { hourOfWeek, usualByHourOfWeek } from './usual.ts';

const WEEK = 168 * HOUR_MS;
const FROM = Date.UTC(2026, 10, 5, 0, 0);

describe('usualByHourOfWeek', () => {
  it('learns each hour of the week over the weeks: mean and sample standard deviation', () => {
    const eight = FROM + 8 * HOUR_MS;
    const values = new Map([10, 20, 30, 40].map((v, week) => [eight + week * WEEK, v]));
    const usual = usualByHourOfWeek(FROM, FROM + 4 * WEEK, (hour) => values.get(hour) ?? 5);
    expect(usual[hourOfWeek(eight)]!.mean).toBe(25);
    expect(usual[hourOfWeek(eight)]!.spread).toBeCloseTo(12.91, 2);
    expect(usual[hourOfWeek(eight + HOUR_MS)]).toEqual({ mean: 5, spread: 0 });
  });

  it('knows nothing of an hour with fewer than two samples (an average of no flights gives none)', () => {
    const usual = usualByHourOfWeek(FROM, FROM + 4 * WEEK, (hour) => (hour < FROM + 3 * WEEK ? undefined : 7));
    expect(usual.every((u) => u === undefined)).toBe(true);
    expect(usualByHourOfWeek(FROM, FROM + WEEK, () => 1).every((u) => u === undefined)).toBe(true);
  });
});
