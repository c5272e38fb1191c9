import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import type { AlertRule } from '@flights/alerts';
import { ensureDatabase, InfluxV1Client, quoteIdent } from '@flights/influx';
import { HOUR_MS, MEASUREMENTS, ROLLUP_RETENTION_POLICY } from '@flights/schemas';
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
