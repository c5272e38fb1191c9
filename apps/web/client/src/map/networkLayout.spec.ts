import { describe, expect, it } from 'vitest';
import type { DashboardSnapshot, EntityRow } from '@flights/schemas/dashboard';
import { networkLayout } from './networkLayout.ts';

const row = (key: string, flights: number): EntityRow => ({
  key,
  label: key,
  flights,
  fareSum: 0,
  fareCount: 0,
  previous: 0,
  series: [flights],
});

function snapshot(dimensions: Partial<DashboardSnapshot['dimensions']>): DashboardSnapshot {
  const empty = { carrier: [], departure: [], arrival: [], route: [], itinerary: [], leg: [], hub: [], stops: [] };
  return {
    range: '15m',
    resolution: 'minute',
    buckets: [0],
    from: 0,
    to: 60_000,
    live: true,
    generatedAt: 0,
    totals: { series: [0], flights: 0, fareSum: 0, fareCount: 0, previous: 0 },
    dimensions: { ...empty, ...dimensions },
    health: { dataChangedAt: null, aggregatorUp: true, lagMessages: 0, late: 0, invalid: 0 },
  };
}

describe('networkLayout', () => {
  it('places every airport of the window with its departures, arrivals and connections, busiest first', () => {
    const { airports, legs, unplaced } = networkLayout(
      snapshot({
        departure: [row('DEL', 10)],
        arrival: [row('COK', 10)],
        hub: [row('BOM', 7)],
        leg: [row('DEL-BOM', 7), row('BOM-COK', 7), row('DEL-COK', 3)],
      }),
    );
    expect(airports.map((a) => [a.code, a.departures, a.arrivals, a.connections, a.total])).toEqual([
      ['COK', 0, 10, 0, 10],
      ['DEL', 10, 0, 0, 10],
      ['BOM', 0, 0, 7, 7],
    ]);
    expect(airports.find((a) => a.code === 'BOM')).toMatchObject({
      label: 'BOM · Mumbai',
      latitude: expect.closeTo(19.09, 1),
      longitude: expect.closeTo(72.87, 1),
    });
    expect(legs.map((leg) => `${leg.from.code}>${leg.to.code}:${leg.flights}`)).toEqual([
      'DEL>BOM:7',
      'BOM>COK:7',
      'DEL>COK:3',
    ]);
    expect(unplaced).toEqual([]);
  });

  it('lists codes it has no coordinates for instead of drawing them anywhere', () => {
    const { airports, legs, unplaced } = networkLayout(
      snapshot({ departure: [row('ZZZ', 2)], leg: [row('ZZZ-DEL', 2)] }),
    );
    expect(unplaced).toEqual(['ZZZ']);
    expect(legs).toEqual([]);
    expect(airports.map((a) => a.code)).toEqual(['DEL']);
  });
});
