import { describe, expect, it } from 'vitest';
import { buildSnapshot, dashboardQuery, entityLabel, rankEntities, windowMinutes } from './dashboardQuery.ts';

const NOW = Date.UTC(2026, 10, 24, 12, 30, 25);
const health = { dataChangedAt: null, aggregatorUp: true, lagMessages: 0, late: 0, invalid: 0 };

describe('dashboard query', () => {
  it('covers exactly the window\'s minutes, the current one included', () => {
    const minutes = windowMinutes('15m', NOW);
    expect(minutes).toHaveLength(15);
    expect(minutes.at(-1)).toBe(Date.UTC(2026, 10, 24, 12, 30));
    expect(dashboardQuery(minutes)).toContain(`WHERE time >= ${Date.UTC(2026, 10, 24, 12, 16)}ms AND time < ${Date.UTC(2026, 10, 24, 12, 31)}ms`);
  });

  it('sums streams per minute into ranked rows with sparklines and labels', () => {
    const minutes = windowMinutes('5m', NOW);
    const snapshot = buildSnapshot(
      [
        { name: 'flights_total', tags: {}, rows: [{ time: minutes[4], flights: 7, fares: 700, fare_count: 7 }] },
        { name: 'flights_by_departure', tags: { airport: 'BLR' }, rows: [{ time: minutes[4], flights: 2, fares: 0, fare_count: 0 }] },
        { name: 'flights_by_departure', tags: { airport: 'DEL' }, rows: [{ time: minutes[3], flights: 3, fares: 300, fare_count: 3 }, { time: minutes[4], flights: 2, fares: 200, fare_count: 2 }] },
        { name: 'flights_by_departure', tags: { airport: 'XYZ' }, rows: [{ time: minutes[4], flights: 0, fares: 0, fare_count: 0 }] },
      ],
      '5m', minutes, health, NOW,
    );
    expect(snapshot.totals).toEqual({ perMinute: [0, 0, 0, 0, 7], flights: 7, fareSum: 700, fareCount: 7 });
    expect(snapshot.dimensions.departure).toEqual([
      { key: 'DEL', label: 'DEL · New Delhi', flights: 5, fareSum: 500, fareCount: 5, perMinute: [0, 0, 0, 3, 2] },
      { key: 'BLR', label: 'BLR · Bangalore', flights: 2, fareSum: 0, fareCount: 0, perMinute: [0, 0, 0, 0, 2] },
    ]);
    expect(snapshot.dimensions.carrier).toEqual([]);
  });

  it('breaks ties by key so the order does not flicker', () => {
    const row = (key: string, flights: number) => ({ key, label: key, flights, fareSum: 0, fareCount: 0, perMinute: [] });
    expect(rankEntities([row('b', 1), row('a', 1), row('c', 2)]).map((r) => r.key)).toEqual(['c', 'a', 'b']);
    expect(entityLabel('route', 'DEL-COK')).toBe('DEL → COK');
  });

  it('labels the network: paths with arrows, hubs with their city, stops in words', () => {
    expect(entityLabel('itinerary', 'DEL-BOM-COK')).toBe('DEL → BOM → COK');
    expect(entityLabel('leg', 'BOM-COK')).toBe('BOM → COK');
    expect(entityLabel('hub', 'BOM')).toBe('BOM · Mumbai');
    expect(entityLabel('stops', '0')).toBe('non-stop');
  });

  it('asks for duration sums on itineraries only and carries them into the rows', () => {
    const minutes = windowMinutes('5m', NOW);
    const query = dashboardQuery(minutes);
    expect(query.match(/duration_sum/g)).toHaveLength(1);
    expect(query).toMatch(/sum\(duration_sum\) AS durations FROM flights_by_itinerary/);
    const snapshot = buildSnapshot(
      [
        { name: 'flights_by_itinerary', tags: { itinerary: 'DEL-BOM-COK' }, rows: [{ time: minutes[4], flights: 2, fares: 14000, fare_count: 2, durations: 600 }] },
        { name: 'flights_by_leg', tags: { leg: 'BOM-COK' }, rows: [{ time: minutes[4], flights: 2, fares: 14000, fare_count: 2 }] },
      ],
      '5m', minutes, health, NOW,
    );
    expect(snapshot.dimensions.itinerary[0]).toMatchObject({ key: 'DEL-BOM-COK', label: 'DEL → BOM → COK', flights: 2, durationSum: 600 });
    expect(snapshot.dimensions.leg[0]).not.toHaveProperty('durationSum');
  });
});
