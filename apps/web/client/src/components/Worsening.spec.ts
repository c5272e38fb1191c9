import { describe, expect, it } from 'vitest';
import type { DashboardSnapshot, EntityRow } from '@flights/schemas/dashboard';
import { worsening } from './Worsening.tsx';

/** An entity with `late` of `known` arrivals 15+ minutes late now, and `lateBefore` of `knownBefore` before. */
const row = (key: string, known: number, late: number, knownBefore: number, lateBefore: number): EntityRow => ({
  key,
  label: key,
  flights: known,
  fareSum: 0,
  fareCount: 0,
  previous: knownBefore,
  delays: {
    depDelaySum: 0,
    depDelayCount: 0,
    depDelayed15: 0,
    arrDelaySum: 0,
    arrDelayCount: known,
    arrDelayed15: late,
    cancelled: 0,
  },
  ...(knownBefore > 0 ? { previousArrivals: { known: knownBefore, late: lateBefore } } : {}),
});

const snapshot = (carrier: EntityRow[], departure: EntityRow[]) =>
  ({ dimensions: { carrier, departure } }) as unknown as DashboardSnapshot;

describe('worsening', () => {
  it('ranks carriers and airports by the drop of their on-time share, leaving out the better and the small', () => {
    const carriers = [
      row('UA', 500, 100, 500, 50), // 90 % → 80 %: −10 points
      row('DL', 400, 40, 400, 80), // better: left out
      row('OO', 4, 4, 4, 0), // under 1 % of the known arrivals: left out, however steep
      row('B6', 300, 90, 300, 30), // 90 % → 70 %: −20 points
    ];
    const airports = [row('EWR', 600, 150, 600, 120), row('JFK', 500, 50, 0, 0)]; // −5 points; no period before
    const ranked = worsening(snapshot(carriers, airports));
    expect(ranked.map((w) => `${w.dimension}:${w.row.key}`)).toEqual(['carrier:B6', 'carrier:UA', 'departure:EWR']);
    expect(ranked[0]).toMatchObject({ now: 0.7, before: 0.9 });
  });
});
