import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertRule } from '@flights/alerts';
import { ensureDatabase, InfluxV1Client, quoteIdent } from '@flights/influx';
import { HOUR_MS, MEASUREMENTS, MINUTE_MS, ROLLUP_RETENTION_POLICY } from '@flights/schemas';
import { SettledMinutes } from '../server/alerts/SettledMinutes.ts';
import { UsualHistory } from '../server/alerts/UsualHistory.ts';

const influx = new InfluxV1Client({ url: process.env.INFLUX_URL!, database: `usual_${randomUUID().slice(0, 8)}` });
afterAll(async () => {
  await influx.query(`DROP DATABASE ${quoteIdent(influx.database)}`, { mutate: true });
});

const rule = (name: string, metric: AlertRule['metric']): AlertRule => ({
  name,
  metric,
  dimension: 'departure',
  windowMs: HOUR_MS,
  condition: { kind: 'deviation', spreads: 3 },
  forMs: 0,
  repeatMs: 0,
  labels: {},
  message: '',
  notify: [],
});

describe('UsualHistory', () => {
  it('learns each hour of the week from the hourly rollups in InfluxDB, per entity and metric', async () => {
    await ensureDatabase(influx, { name: 'autogen', duration: '0s' });
    await influx.query(
      `CREATE RETENTION POLICY ${quoteIdent(ROLLUP_RETENTION_POLICY.name)} ON ${quoteIdent(influx.database)} DURATION 400d REPLICATION 1`,
      { mutate: true },
    );
    const now = Date.now();
    const lastClosed = Math.floor(now / HOUR_MS) * HOUR_MS - 2 * HOUR_MS;
    // The same hour of the week, one to three weeks back: DEL 10, 20, 30 flights, delays averaging 5, 10, 15; this
    // week's (inside the four weeks too) had none: 0 flights, and no delay to average.
    const lines = [1, 2, 3].map(
      (week) =>
        `${MEASUREMENTS.departure},airport=DEL,stream=t/0 flights=${10 * week}i,dep_delay_sum=${50 * week * week}i,` +
        `dep_delay_count=${10 * week}i ${lastClosed - week * 168 * HOUR_MS}`,
    );
    await influx.write(lines, ROLLUP_RETENTION_POLICY.name);
    const flights = rule('flights-unusual', 'flights');
    const delays = rule('delays-unusual', 'averageDepartureDelay');
    const history = new UsualHistory(influx, [flights, delays]);
    await history.refresh(now);
    expect(history.usual(flights, 'DEL', lastClosed)?.mean).toBe(15);
    expect(history.usual(flights, 'DEL', lastClosed)?.spread).toBeCloseTo(12.91, 2);
    expect(history.usual(delays, 'DEL', lastClosed)).toEqual({ mean: 10, spread: 5 });
    // The hour after had no flights in any week: a usual of 0 flights, and no usual delay.
    expect(history.usual(flights, 'DEL', lastClosed + HOUR_MS)).toEqual({ mean: 0, spread: 0 });
    expect(history.usual(delays, 'DEL', lastClosed + HOUR_MS)).toBeUndefined();
    expect(history.usual(flights, 'BOM', lastClosed)).toBeUndefined();
  });
});

describe('SettledMinutes', () => {
  it('reads the minutes before the live edge once each, as they leave it, and sums any stretch of them', async () => {
    await ensureDatabase(influx, { name: 'autogen', duration: '0s' });
    const now = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS;
    const edgeStart = now - 2 * HOUR_MS;
    // DEL: a flight every minute from 5 hours ago to now, from two streams; BOM one flight 3 hours ago.
    const lines: string[] = [];
    for (let at = now - 5 * HOUR_MS; at < now; at += MINUTE_MS)
      for (const stream of ['t/0', 't/1'])
        lines.push(`${MEASUREMENTS.departure},airport=DEL,stream=${stream} flights=1i,dep_delay_sum=3i ${at}`);
    lines.push(`${MEASUREMENTS.departure},airport=BOM,stream=t/0 flights=1i ${now - 3 * HOUR_MS}`);
    await influx.write(lines);
    const settled = new SettledMinutes(influx, ['departure', 'departure'], 4 * HOUR_MS);
    expect(settled.ready(edgeStart)).toBe(false);
    await settled.refresh(now, edgeStart);
    expect(settled.ready(edgeStart)).toBe(true);
    expect(settled.from(now)).toBe(now - 4 * HOUR_MS);
    const sums = settled.sums('departure', now - 4 * HOUR_MS, edgeStart);
    expect(sums.get('DEL')).toEqual({ flights: 240, dep_delay_sum: 720 });
    expect(sums.get('BOM')).toEqual({ flights: 1 });
    // A minute later, one more minute leaves the edge and the oldest falls out of reach.
    await settled.refresh(now + MINUTE_MS, edgeStart + MINUTE_MS);
    expect(settled.sums('departure', 0, Number.POSITIVE_INFINITY).get('DEL')).toEqual({
      flights: 240,
      dep_delay_sum: 720,
    });
    expect(settled.sums('departure', edgeStart, edgeStart + MINUTE_MS).get('DEL')).toEqual({
      flights: 2,
      dep_delay_sum: 6,
    });
  });
});
