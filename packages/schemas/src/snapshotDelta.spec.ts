import { describe, expect, it } from 'vitest';
import type { DashboardSnapshot, EntityRow } from './dashboard.ts';
import { applyDelta, diffSnapshots } from './snapshotDelta.ts';

const row = (key: string, flights: number): EntityRow => ({
  key,
  label: key,
  flights,
  fareSum: 0,
  fareCount: 0,
  previous: 0,
  series: [flights],
});

function snapshot(carriers: EntityRow[], from = 0): DashboardSnapshot {
  const empty = {
    carrier: carriers,
    departure: [],
    arrival: [],
    route: [],
    itinerary: [],
    leg: [],
    hub: [],
    stops: [],
  };
  return {
    range: '15m',
    resolution: 'minute',
    buckets: [from],
    from,
    to: from + 60_000,
    live: true,
    generatedAt: from,
    totals: {
      series: [1],
      flights: carriers.reduce((n, r) => n + r.flights, 0),
      fareSum: 0,
      fareCount: 0,
      previous: 0,
    },
    dimensions: empty,
    health: { dataChangedAt: null, aggregatorUp: true, lagMessages: 0, late: 0, invalid: 0 },
  };
}

describe('snapshot deltas', () => {
  it('carry only the rows that changed, and lead to the same snapshot', () => {
    const before = snapshot([row('IndiGo', 5), row('Vistara', 3), row('SpiceJet', 1)]);
    const after = snapshot([row('IndiGo', 6), row('Vistara', 3), row('SpiceJet', 1)]);
    const delta = diffSnapshots(before, after, 1, 2);
    // IndiGo as a patch: its count and the bucket that moved.
    expect(delta.dimensions).toEqual({
      carrier: { changed: [{ key: 'IndiGo', patch: true, flights: 6, seriesAt: [[0, 6]] }], removed: [] },
    });
    expect(delta.frame).toBeUndefined();
    expect(applyDelta(before, delta)).toEqual({ ...after, seq: 2 });
  });

  it('send the order when ranks change, rows come or go, and the frame when the buckets move', () => {
    const before = snapshot([row('IndiGo', 5), row('Vistara', 3), row('SpiceJet', 1)]);
    const after = snapshot([row('Vistara', 7), row('IndiGo', 5), row('GoAir', 2)], 60_000);
    const delta = diffSnapshots(before, after, 4, 5);
    expect(delta.dimensions.carrier).toEqual({
      changed: [{ key: 'Vistara', patch: true, flights: 7, seriesAt: [[0, 7]] }, row('GoAir', 2)],
      removed: ['SpiceJet'],
      order: ['Vistara', 'IndiGo', 'GoAir'],
    });
    expect(delta.frame?.from).toBe(60_000);
    expect(applyDelta(before, delta)).toEqual({ ...after, seq: 5 });
  });
});
