import { describe, expect, it } from 'vitest';
import { FENCE_GRACE_MS, MEASUREMENTS, type MinuteRecord } from '@flights/schemas';
import type { Statement } from '../snapshot/rangeQueries.ts';
import { LiveMinutes } from './LiveMinutes.ts';
import { differences } from './Reconcile.ts';

const NOW = Date.UTC(2026, 11, 5, 12, 30, 30);
const M = Date.UTC(2026, 11, 5, 12, 29);

function record(stream: string, flights: number, extra: Partial<MinuteRecord> = {}): MinuteRecord {
  return {
    v: 1,
    measurement: MEASUREMENTS.carrier,
    tags: { carrier: 'IndiGo' },
    stream,
    minute: M,
    fields: { flights, fare_sum: flights * 100, fare_count: flights },
    fence: 5,
    at: NOW,
    ...extra,
  };
}

const totals: Statement = {
  measurement: MEASUREMENTS.carrier,
  tag: 'carrier',
  period: 'current',
  kind: 'totals',
  source: { policy: 'flights_30d', from: M - 60_000, to: M + 60_000, live: true },
  resolution: 'minute',
  fields: ['flights', 'fare_sum'],
  influxql: '',
};
const flightsOf = (edge: LiveMinutes) => edge.answer(totals)[0]?.rows[0]?.flights;

describe('LiveMinutes', () => {
  it('keeps the last value per stream and sums over streams, as InfluxDB does', () => {
    const edge = new LiveMinutes();
    edge.apply(record('t/0', 3), NOW);
    edge.apply(record('t/1', 2), NOW);
    edge.apply(record('t/0', 4), NOW);
    expect(edge.answer(totals)).toEqual([
      { name: MEASUREMENTS.carrier, tags: { carrier: 'IndiGo' }, rows: [{ flights: 6, fares: 600 }] },
    ]);
  });

  it('takes a lower value from the same owner (a re-count after a crash) and never adds it twice', () => {
    const edge = new LiveMinutes();
    edge.apply(record('t/0', 9), NOW);
    edge.apply(record('t/0', 2, { fence: 6 }), NOW);
    expect(flightsOf(edge)).toBe(2);
  });

  it("ignores a former owner's late record (a lower fence) within the grace, and takes it after (a group created anew)", () => {
    const edge = new LiveMinutes();
    edge.apply(record('t/0', 4, { fence: 7 }), NOW);
    expect(edge.apply(record('t/0', 9, { fence: 6, at: NOW + 1000 }), NOW)).toBe('fenced');
    expect(flightsOf(edge)).toBe(4);
    expect(edge.apply(record('t/0', 1, { fence: 1, at: NOW + FENCE_GRACE_MS }), NOW)).toBe('taken');
    expect(flightsOf(edge)).toBe(1);
  });

  it('lets a record replace a seed from InfluxDB, and a seed never replace a record', () => {
    const edge = new LiveMinutes();
    edge.seed(MEASUREMENTS.carrier, 'IndiGo', 't/0', M, { flights: 3 });
    edge.apply(record('t/0', 5), NOW);
    edge.seed(MEASUREMENTS.carrier, 'IndiGo', 't/0', M, { flights: 3 });
    edge.seed(MEASUREMENTS.carrier, 'IndiGo', 't/1', M, { flights: 1 });
    expect(flightsOf(edge)).toBe(6);
  });

  it('sums every field per entity over a stretch, and knows the newest minute with a flight (for alert rules)', () => {
    const edge = new LiveMinutes();
    edge.apply(record('t/0', 2), NOW);
    edge.apply(record('t/1', 3), NOW);
    edge.apply(record('t/0', 4, { minute: M - 60_000, tags: { carrier: 'Vistara' } }), NOW);
    expect(edge.entitySums(MEASUREMENTS.carrier, M - 60_000, M + 60_000)).toEqual(
      new Map([
        ['IndiGo', { flights: 5, fare_sum: 500, fare_count: 5 }],
        ['Vistara', { flights: 4, fare_sum: 400, fare_count: 4 }],
      ]),
    );
    expect(edge.entitySums(MEASUREMENTS.carrier, M, M + 60_000).has('Vistara')).toBe(false);
    expect(edge.lastFlight(MEASUREMENTS.carrier)).toEqual(
      new Map([
        ['IndiGo', M],
        ['Vistara', M - 60_000],
      ]),
    );
  });

  it('answers series by the minute and by the hour, for the keys asked', () => {
    const edge = new LiveMinutes();
    edge.apply(record('t/0', 2), NOW);
    edge.apply(record('t/0', 3, { minute: M - 60_000 }), NOW);
    edge.apply(record('t/0', 7, { tags: { carrier: 'Vistara' } }), NOW);
    const series = { ...totals, kind: 'series' as const, fields: ['flights'], keys: ['IndiGo'] };
    expect(edge.answer({ ...series, source: { ...series.source, from: M - 120_000 } })).toEqual([
      {
        name: MEASUREMENTS.carrier,
        tags: { carrier: 'IndiGo' },
        rows: [
          { time: M - 60_000, flights: 3 },
          { time: M, flights: 2 },
        ],
      },
    ]);
    const hourly = edge.answer({ ...series, resolution: 'hour', source: { ...series.source, from: M - 120_000 } });
    expect(hourly[0]?.rows).toEqual([{ time: Date.UTC(2026, 11, 5, 12), flights: 5 }]);
  });

  it('keeps only the live window', () => {
    const edge = new LiveMinutes();
    expect(edge.apply(record('t/0', 1, { minute: NOW - 3 * 3600_000 }), NOW)).toBe('outside');
    edge.apply(record('t/0', 1), NOW);
    edge.evict(M + 3 * 3600_000);
    expect(edge.answer(totals)).toEqual([]);
  });
});

describe('differences', () => {
  it('lists the minutes whose flights differ, in time order, a missing minute as 0', () => {
    expect(
      differences(
        new Map([
          [2, 5],
          [1, 3],
        ]),
        new Map([
          [1, 3],
          [2, 4],
          [3, 1],
        ]),
      ),
    ).toEqual([
      { minute: 2, edge: 5, influx: 4 },
      { minute: 3, edge: 0, influx: 1 },
    ]);
  });
});
