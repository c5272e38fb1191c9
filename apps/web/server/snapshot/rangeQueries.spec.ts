import { describe, expect, it } from 'vitest';
import { resolveRange } from '@flights/schemas';
import { buildSnapshot, chooseSeriesRows, sumSeries, sumTotals } from './buildSnapshot.ts';
import { seriesStatements, totalsStatements } from './rangeQueries.ts';
import { rangeSources } from './rangeSources.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 30, 25);
const HOUR = 3_600_000;
const health = { dataChangedAt: null, aggregatorUp: true, lagMessages: 0, late: 0, invalid: 0 };

describe('range queries', () => {
  it('reads hourly ranges from the rollups up to the previous hour and the last two hours from the minutes', () => {
    const range = resolveRange({ kind: 'relative', range: '30d' }, NOW);
    expect(rangeSources('hour', range.from, range.to, NOW)).toEqual([
      { policy: 'flights_400d', from: range.from, to: Date.UTC(2026, 10, 26, 11) },
      // Inside the last two hours: no history minute can be there (HISTORY_AFTER_MS), so the history streams are left out.
      { policy: 'flights_30d', from: Date.UTC(2026, 10, 26, 11), to: Date.UTC(2026, 10, 26, 13), withoutHistory: true },
    ]);
    expect(rangeSources('minute', 0, 60_000, NOW)).toEqual([{ policy: 'flights_30d', from: 0, to: 60_000 }]);
    const sixHours = resolveRange({ kind: 'relative', range: '6h' }, NOW);
    expect(rangeSources('minute', sixHours.from, sixHours.to, NOW)[0]!.withoutHistory).toBeUndefined();
  });

  it('cuts the minutes where the live edge starts: before it from InfluxDB, from it on from memory', () => {
    const sixHours = resolveRange({ kind: 'relative', range: '6h' }, NOW);
    const liveFrom = Date.UTC(2026, 10, 26, 10, 30);
    expect(rangeSources('minute', sixHours.from, sixHours.to, NOW, liveFrom)).toEqual([
      { policy: 'flights_30d', from: sixHours.from, to: liveFrom },
      { policy: 'flights_30d', from: liveFrom, to: sixHours.to, withoutHistory: true, live: true },
    ]);
    const day = resolveRange({ kind: 'relative', range: '24h' }, NOW);
    expect(rangeSources('hour', day.from, day.to, NOW, liveFrom).map((s) => s.live)).toEqual([undefined, true]);
    // Before the live edge starts (and with no edge) nothing changes.
    expect(rangeSources('minute', 0, 60_000, NOW, liveFrom)).toEqual([{ policy: 'flights_30d', from: 0, to: 60_000 }]);
  });

  it("asks for every entity's totals in this and the previous period, summed over the writers", () => {
    const range = resolveRange({ kind: 'relative', range: '15m' }, NOW);
    const statements = totalsStatements(range, NOW);
    const carrier = statements.filter((s) => s.measurement === 'flights_by_carrier');
    expect(carrier.map((s) => s.period)).toEqual(['current', 'previous']);
    expect(carrier[0]!.influxql).toBe(
      `SELECT sum(flights) AS flights, sum(fare_sum) AS fares, sum(fare_count) AS fare_count FROM "flights_30d"."flights_by_carrier" WHERE time >= ${range.from}ms AND time < ${range.to}ms AND "stream" !~ /\\/history$/ GROUP BY "carrier"`,
    );
    expect(carrier[1]!.influxql).toBe(
      `SELECT sum(flights) AS flights FROM "flights_30d"."flights_by_carrier" WHERE time >= ${range.from - 15 * 60_000}ms AND time < ${range.from}ms AND "stream" !~ /\\/history$/ GROUP BY "carrier"`,
    );
    expect(statements.some((s) => s.measurement === 'flights_by_carrier_itinerary')).toBe(false);
  });

  it('reads the delay fields only when the data has them, causes where kept, the period before its arrivals', () => {
    const range = resolveRange({ kind: 'relative', range: '15m' }, NOW);
    const [current, previous] = totalsStatements(range, NOW, { delays: true }).filter(
      (s) => s.measurement === 'flights_by_route',
    );
    expect(current!.influxql).toMatch(
      /^SELECT sum\(flights\) AS flights, sum\(fare_sum\) AS fares, sum\(fare_count\) AS fare_count, sum\(dep_delay_sum\) AS dep_delay_sum, .*sum\(cancelled\) AS cancelled FROM/,
    );
    expect(current!.influxql).not.toContain('cause_count');
    expect(previous!.influxql).toMatch(
      /^SELECT sum\(flights\) AS flights, sum\(arr_delay_count\) AS arr_delay_count, sum\(arr_delayed_15\) AS arr_delayed_15 FROM/,
    );
    const [carriers] = totalsStatements(range, NOW, { delays: true }).filter(
      (s) => s.measurement === 'flights_by_carrier',
    );
    expect(carriers!.influxql).toMatch(/sum\(cause_count\) AS cause_count, .*sum\(late_aircraft_delay_sum\)/);
    const series = seriesStatements(range, NOW, 'all', undefined, true);
    expect(series.filter((s) => s.measurement === 'flights_total').map((s) => s.fields)).toEqual([
      ['flights'],
      ['arr_delay_count'],
      ['arr_delayed_15'],
    ]);
    expect(series.filter((s) => s.measurement === 'flights_by_carrier').map((s) => s.fields)).toEqual([['flights']]);
    expect(seriesStatements(range, NOW, 'all').every((s) => s.fields[0] === 'flights')).toBe(true);
    const fareOnly = totalsStatements(range, NOW);
    expect(fareOnly.every((s) => !/dep_delay|arr_delay|cause/.test(s.influxql))).toBe(true);
  });

  it('builds a snapshot: ranked rows with share context, previous period, series only where asked', () => {
    const range = resolveRange({ kind: 'relative', range: '24h' }, NOW);
    const totalsQuery = totalsStatements(range, NOW);
    const answers = totalsQuery.map((s) => {
      if (s.measurement === 'flights_total')
        return [
          {
            name: s.measurement,
            tags: {},
            rows: [{ flights: s.period === 'current' ? 10 : 4, fares: 1000, fare_count: 10 }],
          },
        ];
      if (s.measurement !== 'flights_by_carrier') return [];
      // The current period is read from two sources (rollups, then the last two hours' minutes); the previous one from the rollups alone.
      return [
        {
          name: s.measurement,
          tags: { carrier: 'IndiGo' },
          rows: [{ flights: s.period === 'current' ? 3 : 1, fares: 300, fare_count: 3 }],
        },
        { name: s.measurement, tags: { carrier: 'SpiceJet' }, rows: [{ flights: 2, fares: 0, fare_count: 0 }] },
      ];
    });
    const totals = sumTotals(totalsQuery, answers);
    const chosen = chooseSeriesRows(range, totals);
    expect(chosen.get('flights_by_carrier')).toEqual(['IndiGo', 'SpiceJet']);
    const seriesQuery = seriesStatements(range, NOW, chosen);
    expect(seriesQuery.find((s) => s.measurement === 'flights_by_carrier')!.influxql).toContain(
      `AND ("carrier" = 'IndiGo' OR "carrier" = 'SpiceJet') GROUP BY time(1h), "carrier" fill(none)`,
    );
    const seriesAnswers = seriesQuery.map((s) =>
      s.measurement === 'flights_by_carrier'
        ? [{ name: s.measurement, tags: { carrier: 'IndiGo' }, rows: [{ time: range.buckets[23], flights: 3 }] }]
        : [],
    );
    const snapshot = buildSnapshot(range, totals, sumSeries(range, seriesQuery, seriesAnswers), health, NOW);
    expect(snapshot.totals).toMatchObject({ flights: 20, previous: 4 });
    expect(snapshot.dimensions.carrier.map((r) => [r.key, r.flights, r.previous])).toEqual([
      ['IndiGo', 6, 1],
      ['SpiceJet', 4, 2],
    ]);
    expect(snapshot.dimensions.carrier[0]!.series!.at(-1)).toBe(6);
    expect(snapshot.dimensions.carrier[1]!.series).toBeUndefined();
    expect(snapshot.resolution).toBe('hour');
    expect(snapshot.buckets).toHaveLength(24);
    expect(HOUR).toBe(snapshot.buckets[1]! - snapshot.buckets[0]!);
  });
});
