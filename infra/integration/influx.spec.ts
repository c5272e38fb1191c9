import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { InfluxV1Client, Point, ensureDatabase } from '@flights/influx';
import { testInflux } from '@flights/infra/testing';

describe('local InfluxDB', () => {
  const client = testInflux(`smoke_${randomUUID().slice(0, 8)}`);

  afterAll(async () => {
    // 2.x has no DROP DATABASE in its v1 API: its buckets stay with the compatibility pass's stack.
    if (!process.env.INFLUX_TOKEN_FILE) await client.query(`DROP DATABASE "${client.database}"`, { mutate: true });
  });

  it('writes points over /write and reads them back with InfluxQL', async () => {
    await ensureDatabase(client, { name: 'smoke_1d', duration: '1d' });
    const minute = Math.floor(Date.now() / 60_000) * 60_000;
    const lines = ['IndiGo', 'Jet Airways', "x' OR 1=1 --"].map(
      (carrier, i) =>
        new Point('flights_by_carrier')
          .tag('carrier', carrier)
          .intField('flights', i + 1)
          .timestamp(minute)
          .toLineProtocol({ convertTime: String })!,
    );
    await client.write(lines);
    const series = await client.query(
      'SELECT sum("flights") AS flights FROM "flights_by_carrier" WHERE time >= now() - 1h GROUP BY "carrier"',
    );
    const byCarrier = Object.fromEntries(series.map((s) => [s.tags.carrier, s.rows[0]!.flights]));
    expect(byCarrier).toEqual({ IndiGo: 1, 'Jet Airways': 2, "x' OR 1=1 --": 3 });

    const policies = await client.query(`SHOW RETENTION POLICIES ON "${client.database}"`);
    expect(policies[0]!.rows.find((row) => row.name === 'smoke_1d')?.default).toBe(true);
  });

  it('reports an unreachable server as a retriable error', async () => {
    const dead = new InfluxV1Client({ url: 'http://127.0.0.1:1', database: 'x', timeoutMs: 1000 });
    await expect(dead.write(['m f=1i 0'])).rejects.toMatchObject({ name: 'InfluxError', retriable: true });
  });
});
