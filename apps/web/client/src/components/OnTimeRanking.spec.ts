import { describe, expect, it } from 'vitest';
import type { EntityRow } from '@flights/schemas/dashboard';
import { leastOnTime } from './OnTimeRanking.tsx';

const row = (key: string, flights: number, known: number, late: number): EntityRow => ({
  key,
  label: key,
  flights,
  fareSum: 0,
  fareCount: 0,
  previous: 0,
  delays: {
    depDelaySum: 0,
    depDelayCount: 0,
    depDelayed15: 0,
    arrDelaySum: late * 30,
    arrDelayCount: known,
    arrDelayed15: late,
    cancelled: 0,
  },
});

describe('leastOnTime', () => {
  it('ranks the worst on-time share first, among entities with 1 % of the known arrivals or more', () => {
    const rows = [row('UA', 500, 490, 100), row('B6', 400, 400, 160), row('OO', 3, 3, 3), row('DL', 300, 300, 30)];
    // OO: 3 of 1,193 known arrivals, under 1 %: too few to rank, however late.
    expect(leastOnTime(rows).map((r) => r.key)).toEqual(['B6', 'UA', 'DL']);
  });

  it('leaves out entities without a known arrival delay', () => {
    expect(leastOnTime([{ ...row('AA', 10, 0, 0), delays: undefined }])).toEqual([]);
  });
});
