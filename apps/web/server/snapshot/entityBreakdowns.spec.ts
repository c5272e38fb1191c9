import { describe, expect, it } from 'vitest';
import { entityBreakdowns } from './entityBreakdowns.ts';

const cells = [
  { carrier: 'IndiGo', itinerary: 'DEL-BOM-COK', flights: 5 },
  { carrier: 'IndiGo', itinerary: 'BLR-DEL', flights: 3 },
  { carrier: 'Jet Airways', itinerary: 'DEL-BOM-COK', flights: 7 },
  { carrier: 'Jet Airways', itinerary: 'CCU-BOM-BLR', flights: 2 },
];
const rows = (b: { rows: { key: string; flights: number }[] }) => b.rows.map((r) => [r.key, r.flights]);

describe('entityBreakdowns', () => {
  it('gives a carrier its itineraries, airports and hubs', () => {
    const [itineraries, departures, arrivals, hubs] = entityBreakdowns('carrier', 'IndiGo', cells);
    expect(rows(itineraries!)).toEqual([
      ['DEL-BOM-COK', 5],
      ['BLR-DEL', 3],
    ]);
    expect(rows(departures!)).toEqual([
      ['DEL', 5],
      ['BLR', 3],
    ]);
    expect(rows(arrivals!)).toEqual([
      ['COK', 5],
      ['DEL', 3],
    ]);
    expect(rows(hubs!)).toEqual([['BOM', 5]]);
    expect(itineraries!.rows[0]!.label).toBe('DEL → BOM → COK');
  });

  it('gives an airport, by its role, the carriers and itineraries through it', () => {
    const [carriers, itineraries] = entityBreakdowns('hub', 'BOM', cells);
    expect(rows(carriers!)).toEqual([
      ['Jet Airways', 9],
      ['IndiGo', 5],
    ]);
    expect(rows(itineraries!)).toEqual([
      ['DEL-BOM-COK', 12],
      ['CCU-BOM-BLR', 2],
    ]);
    expect(rows(entityBreakdowns('departure', 'DEL', cells)[0]!)).toEqual([
      ['Jet Airways', 7],
      ['IndiGo', 5],
    ]);
    expect(rows(entityBreakdowns('arrival', 'DEL', cells)[0]!)).toEqual([['IndiGo', 3]]);
    expect(rows(entityBreakdowns('leg', 'BOM-COK', cells)[0]!)).toEqual([
      ['Jet Airways', 7],
      ['IndiGo', 5],
    ]);
    expect(rows(entityBreakdowns('route', 'DEL-COK', cells)[0]!)).toEqual([
      ['Jet Airways', 7],
      ['IndiGo', 5],
    ]);
    expect(rows(entityBreakdowns('stops', '0', cells)[0]!)).toEqual([['IndiGo', 3]]);
    expect(entityBreakdowns('itinerary', 'DEL-BOM-COK', cells)).toHaveLength(1);
  });
});
