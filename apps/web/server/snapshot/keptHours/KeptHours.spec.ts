import { describe, expect, it } from 'vitest';
import { InfluxV1Client, type InfluxSeries } from '@flights/influx';
import { HOUR_MS, resolveRange } from '@flights/schemas';
import { totalsStatements } from '../rangeQueries.ts';
import { KeptHours } from './KeptHours.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 30);
const DAY_MS = 24 * HOUR_MS;

interface Point {
  measurement: string;
  tags: Record<string, string>;
  time: number;
  flights: number;
}

/**
 * An InfluxDB that holds hourly rollup points and answers the three kinds of
 * statement ClosedHours sends (fingerprints, day loads, live statements,
 * the last answered empty), recording every request.
 */
class RollupsInflux extends InfluxV1Client {
  readonly points: Point[] = [];
  readonly requests: string[][] = [];
  constructor() {
    super({ url: 'http://unused', database: 'flights' });
  }
  add(measurement: string, tags: Record<string, string>, time: number, flights: number): void {
    this.points.push({ measurement, tags, time, flights });
    if (measurement !== 'flights_total') this.points.push({ measurement: 'flights_total', tags: {}, time, flights });
  }
  override async queryEach(statements: readonly string[]): Promise<InfluxSeries[][]> {
    this.requests.push([...statements]);
    return statements.map((s) =>
      s.includes('"flights_400d"') ? this.answer(s) : s.includes('"flights_30d"') ? this.answerMinutes(s) : [],
    );
  }
  /** The 1-minute points: the live hours' fingerprints (one row per minute with flights), or nothing. */
  readonly minutes: { time: number; flights: number }[] = [];
  private answerMinutes(statement: string): InfluxSeries[] {
    if (!statement.includes(' AS n FROM')) return [];
    return [
      {
        name: 'flights_total',
        tags: {},
        rows: this.minutes.map((m) => ({ time: m.time, f: m.flights, s: 0, c: 0, n: 1 })),
      },
    ];
  }

  private answer(statement: string): InfluxSeries[] {
    const measurement = /"flights_400d"\."(\w+)"/.exec(statement)![1]!;
    const [, from, to] = /time >= (\d+)ms AND time < (\d+)ms/.exec(statement)!.map(Number);
    const tag = /GROUP BY (?:time\(1h\), )?"(\w+)"/.exec(statement)?.[1];
    const hourly = statement.includes('time(1h)');
    const bySeries = new Map<string, Map<number, number[]>>();
    for (const p of this.points) {
      if (p.measurement !== measurement || p.time < from! || p.time >= to!) continue;
      const key = tag ? p.tags[tag]! : '';
      const hours = bySeries.get(key) ?? new Map<number, number[]>();
      bySeries.set(key, hours);
      const hour = hourly ? Math.floor(p.time / HOUR_MS) * HOUR_MS : 0;
      hours.set(hour, [...(hours.get(hour) ?? []), p.flights]);
    }
    const prints = statement.includes(' AS n FROM');
    return [...bySeries].map(([key, hours]) => ({
      name: measurement,
      tags: tag ? { [tag]: key } : {},
      rows: [...hours].map(([time, values]) => {
        const sum = values.reduce((a, b) => a + b, 0);
        return prints
          ? { time, f: sum, s: 0, c: 0, n: values.length }
          : { time, flights: sum, fares: 0, fare_count: 0 };
      }),
    }));
  }
}

const carriers = (answers: InfluxSeries[][], statements: ReturnType<typeof totalsStatements>) => {
  const i = statements.findIndex(
    (s) => s.measurement === 'flights_by_carrier' && s.period === 'current' && s.source.policy === 'flights_400d',
  );
  return Object.fromEntries(answers[i]!.map((s) => [s.tags.carrier, s.rows[0]!.flights]));
};

describe('KeptHours', () => {
  const range = resolveRange({ kind: 'relative', range: '30d' }, NOW);
  const statements = totalsStatements(range, NOW);

  it("answers a first month from InfluxDB's sums while its days load, then reads only the fingerprints while they hold", async () => {
    const influx = new RollupsInflux();
    influx.add('flights_by_carrier', { carrier: 'IndiGo' }, NOW - 3 * DAY_MS, 2);
    influx.add('flights_by_carrier', { carrier: 'IndiGo' }, NOW - 10 * DAY_MS, 3);
    const closed = new KeptHours(influx);
    expect(carriers(await closed.queryEach(statements, NOW), statements)).toEqual({ IndiGo: 5 });
    // The totals were asked as they are (the fingerprints, then the rollups' sums) while the days load beside.
    expect(
      influx.requests.flat().some((s) => s.includes('"flights_400d"."flights_by_carrier"') && !s.includes('time(1h)')),
    ).toBe(true);
    await closed.warmed();
    const before = influx.requests.length;
    expect(carriers(await closed.queryEach(statements, NOW + 1000), statements)).toEqual({ IndiGo: 5 });
    expect(influx.requests).toHaveLength(before + 1);
    // Only the fingerprints of the closed and the live hours: nothing changed, nothing else is read.
    expect(influx.requests[before]!.map((s) => /FROM "(\w+)"/.exec(s)![1])).toEqual(['flights_400d', 'flights_30d']);
    expect(closed.closed.daysLoaded).toBe(61);
  });

  it('re-reads only the day whose fingerprint changed (a late flight re-rolled into an old hour)', async () => {
    const influx = new RollupsInflux();
    influx.add('flights_by_carrier', { carrier: 'IndiGo' }, NOW - 3 * DAY_MS, 2);
    const closed = new KeptHours(influx);
    await closed.queryEach(statements, NOW);
    await closed.warmed();
    influx.add('flights_by_carrier', { carrier: 'SpiceJet' }, NOW - 10 * DAY_MS, 1);
    expect(carriers(await closed.queryEach(statements, NOW + 1000), statements)).toEqual({ IndiGo: 2, SpiceJet: 1 });
    const reload = influx.requests.at(-1)!;
    expect(reload.every((s) => s.includes(`time >= ${Math.floor((NOW - 10 * DAY_MS) / DAY_MS) * DAY_MS}ms`))).toBe(
      true,
    );
  });

  it('reads a day loaded just after a change once more a minute later, in case its entities landed after the total', async () => {
    const influx = new RollupsInflux();
    const closed = new KeptHours(influx);
    await closed.queryEach(statements, NOW);
    await closed.warmed();
    influx.add('flights_by_carrier', { carrier: 'IndiGo' }, NOW - 5 * DAY_MS, 1);
    await closed.queryEach(statements, NOW + 1000);
    const loaded = closed.closed.daysLoaded;
    await closed.queryEach(statements, NOW + 30_000);
    expect(closed.closed.daysLoaded).toBe(loaded);
    await closed.queryEach(statements, NOW + 62_000);
    // That day, and today (first seen while the continuous queries still roll its hours).
    expect(closed.closed.daysLoaded).toBe(loaded + 2);
    await closed.queryEach(statements, NOW + 130_000);
    expect(closed.closed.daysLoaded).toBe(loaded + 2);
  });

  it('reads the live hours again when a minute changed, and once more until the change has settled', async () => {
    const influx = new RollupsInflux();
    const kept = new KeptHours(influx);
    const liveReads = () =>
      influx.requests.filter((r) => r.some((s) => s.includes('"flights_30d"."flights_by_carrier"'))).length;
    await kept.queryEach(statements, NOW);
    await kept.warmed();
    expect(liveReads()).toBe(1);
    await kept.queryEach(statements, NOW + 6000);
    expect(liveReads()).toBe(1);
    influx.minutes.push({ time: NOW - 60_000, flights: 1 });
    await kept.queryEach(statements, NOW + 7000);
    await kept.queryEach(statements, NOW + 9000);
    expect(liveReads()).toBe(3);
    await kept.queryEach(statements, NOW + 13_000);
    await kept.queryEach(statements, NOW + 14_000);
    expect(liveReads()).toBe(4);
  });

  it('asks InfluxDB for the closed hours of a range longer than it keeps (a year by the hour would not fit)', async () => {
    const influx = new RollupsInflux();
    const year = totalsStatements(resolveRange({ kind: 'absolute', from: NOW - 365 * DAY_MS, to: NOW }, NOW), NOW);
    const kept = new KeptHours(influx);
    await kept.queryEach(year, NOW);
    expect(kept.closed.daysLoaded).toBe(0);
    const closed = year.filter((s) => s.source.policy === 'flights_400d').map((s) => s.influxql);
    expect(influx.requests[0]).toEqual(expect.arrayContaining(closed));
  });

  it('sends minute-only statements as they are, without fingerprints', async () => {
    const influx = new RollupsInflux();
    const minutes = totalsStatements(resolveRange({ kind: 'relative', range: '15m' }, NOW), NOW);
    await new KeptHours(influx).queryEach(minutes, NOW);
    expect(influx.requests).toEqual([minutes.map((s) => s.influxql)]);
  });
});
