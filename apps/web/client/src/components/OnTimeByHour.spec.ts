import { describe, expect, it } from 'vitest';
import { onTimeByHour } from './OnTimeByHour.tsx';

const HOUR = 3_600_000;

describe('onTimeByHour', () => {
  it("folds each bucket's arrivals into the hour of day it starts in, days apart summed", () => {
    const buckets = [0, HOUR, 25 * HOUR, 25 * HOUR + 60_000];
    const hours = onTimeByHour(buckets, { known: [10, 4, 6, 1], late: [2, 4, 1, 0] }, (ts) => ((ts / HOUR) % 24) | 0);
    expect(hours).toHaveLength(24);
    expect(hours[0]).toEqual({ hour: 0, known: 10, late: 2 });
    expect(hours[1]).toEqual({ hour: 1, known: 11, late: 5 });
    expect(hours.slice(2).every((h) => h.known === 0 && h.late === 0)).toBe(true);
  });
});
