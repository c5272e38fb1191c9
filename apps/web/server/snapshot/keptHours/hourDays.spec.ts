import { describe, expect, it } from 'vitest';
import { HOUR_MS } from '@flights/schemas';
import type { Statement } from '../rangeQueries.ts';
import { answerSeries, answerTotals, DAY_MS, daysTouched, fileHours, type HourDay } from './hourDays.ts';

const DAY = Date.UTC(2026, 10, 20);
const FIELDS = ['flights', 'fare_sum', 'fare_count'];
const source = (from: number, to: number) => ({ policy: 'flights_400d', from, to });
const statement = (over: Partial<Statement>): Statement => ({
  measurement: 'flights_by_carrier',
  tag: 'carrier',
  period: 'current',
  kind: 'totals',
  source: source(DAY, DAY + 2 * DAY_MS),
  resolution: 'hour',
  fields: FIELDS,
  influxql: '',
  ...over,
});

/** Two days kept: IndiGo 1 flight in each hour of both (fare 100 each), SpiceJet 5 at 23:00 of the first. */
function twoDays(): Map<number, HourDay> {
  const days = new Map<number, HourDay>([
    [DAY, new Map()],
    [DAY + DAY_MS, new Map()],
  ]);
  const indigo = Array.from({ length: 48 }, (_, h) => ({
    time: DAY + h * HOUR_MS,
    flights: 1,
    fares: 100,
    fare_count: 1,
  }));
  fileHours(days, 'flights_by_carrier', 'carrier', FIELDS, [
    { name: 'flights_by_carrier', tags: { carrier: 'IndiGo' }, rows: indigo },
    {
      name: 'flights_by_carrier',
      tags: { carrier: 'SpiceJet' },
      rows: [{ time: DAY + 23 * HOUR_MS, flights: 5, fares: 0, fare_count: 0 }],
    },
    // Outside the days kept: dropped.
    { name: 'flights_by_carrier', tags: { carrier: 'Vistara' }, rows: [{ time: DAY - HOUR_MS, flights: 9 }] },
  ]);
  return days;
}

const totalsOf = (answer: ReturnType<typeof answerTotals>) =>
  Object.fromEntries(answer.map((s) => [s.tags.carrier, s.rows[0]]));

describe('the closed hours kept by the day', () => {
  it('lists the UTC days a range touches', () => {
    expect(daysTouched(DAY + HOUR_MS, DAY + DAY_MS + HOUR_MS)).toEqual([DAY, DAY + DAY_MS]);
    expect(daysTouched(DAY, DAY + DAY_MS)).toEqual([DAY]);
  });

  it('sums whole days and the hours of cut days exactly, hours counted by their start as InfluxDB does', () => {
    const days = twoDays();
    expect(totalsOf(answerTotals(days, statement({})))).toEqual({
      IndiGo: { flights: 48, fares: 4800, fare_count: 48 },
      SpiceJet: { flights: 5, fares: 0, fare_count: 0 },
    });
    // 22:00 of the first day to 02:00 of the second: 4 hours of IndiGo, SpiceJet's 23:00.
    const cut = answerTotals(days, statement({ source: source(DAY + 22 * HOUR_MS, DAY + 26 * HOUR_MS) }));
    expect(totalsOf(cut)).toEqual({
      IndiGo: { flights: 4, fares: 400, fare_count: 4 },
      SpiceJet: { flights: 5, fares: 0, fare_count: 0 },
    });
    // Only the fields asked for, under their aliases.
    const previous = answerTotals(days, statement({ fields: ['flights'], source: source(DAY, DAY + HOUR_MS) }));
    expect(totalsOf(previous)).toEqual({ IndiGo: { flights: 1 } });
  });

  it('answers the series of the entities asked for, hours with flights only, inside the stretch', () => {
    const days = twoDays();
    const asked = answerSeries(
      days,
      statement({
        kind: 'series',
        fields: ['flights'],
        keys: ['SpiceJet'],
        source: source(DAY + 20 * HOUR_MS, DAY + 30 * HOUR_MS),
      }),
    );
    expect(asked).toEqual([
      { name: 'flights_by_carrier', tags: { carrier: 'SpiceJet' }, rows: [{ time: DAY + 23 * HOUR_MS, flights: 5 }] },
    ]);
    const every = answerSeries(
      days,
      statement({ kind: 'series', fields: ['flights'], source: source(DAY + 23 * HOUR_MS, DAY + 25 * HOUR_MS) }),
    );
    expect(every.map((s) => [s.tags.carrier, s.rows.length])).toEqual([
      ['IndiGo', 2],
      ['SpiceJet', 1],
    ]);
  });

  it('answers the total under no tag', () => {
    const days = new Map<number, HourDay>([[DAY, new Map()]]);
    fileHours(
      days,
      'flights_total',
      undefined,
      ['flights'],
      [
        {
          name: 'flights_total',
          tags: {},
          rows: [
            { time: DAY, flights: 3 },
            { time: DAY + HOUR_MS, flights: 4 },
          ],
        },
      ],
    );
    const answer = answerTotals(days, statement({ measurement: 'flights_total', tag: undefined, fields: ['flights'] }));
    expect(answer).toEqual([{ name: 'flights_total', tags: {}, rows: [{ flights: 7 }] }]);
  });
});
