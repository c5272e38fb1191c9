import { afterEach, describe, expect, it, vi } from 'vitest';
import { InfluxV1Client, type InfluxSeries } from '@flights/influx';
import { ClosedHoursCache } from './ClosedHoursCache.ts';

const ROLLUP = 'SELECT sum(flights) AS flights FROM "flights_400d"."flights_by_carrier" WHERE time >= 0ms AND time < 3600000ms GROUP BY "carrier"';
const LIVE = 'SELECT sum(flights) AS flights FROM "flights_30d"."flights_by_carrier" WHERE time >= 3600000ms GROUP BY "carrier"';

/** Answers the fingerprint with `total`, every other statement with its text and how many requests came before. */
class FakeInflux extends InfluxV1Client {
  total = 1;
  readonly requests: string[][] = [];
  constructor() {
    super({ url: 'http://unused', database: 'flights' });
  }
  override async queryEach(statements: readonly string[]): Promise<InfluxSeries[][]> {
    this.requests.push([...statements]);
    return statements.map((s) => [s.includes('count(flights)')
      ? { name: 'fingerprint', tags: {}, rows: [{ total: this.total }] }
      : { name: s, tags: {}, rows: [{ total: this.total, request: this.requests.length }] }]);
  }
}

afterEach(() => vi.restoreAllMocks());

describe('ClosedHoursCache', () => {
  it('reads the rollups once while their fingerprint holds, the minutes every time', async () => {
    const influx = new FakeInflux();
    const cache = new ClosedHoursCache(influx);
    const first = await cache.queryEach([ROLLUP, LIVE], 0);
    expect(influx.requests).toHaveLength(2);
    const second = await cache.queryEach([ROLLUP, LIVE], 0);
    expect(influx.requests).toHaveLength(3);
    expect(influx.requests[2]).toHaveLength(2); // the fingerprint and the live statement
    expect(second[0]).toEqual(first[0]);
    expect(second[1]![0]!.rows[0]!.request).toBe(3);
    expect([cache.hits, cache.misses]).toEqual([1, 1]);
  });

  it('re-reads the rollups when the total changed (the aggregator re-rolls it last)', async () => {
    const influx = new FakeInflux();
    const cache = new ClosedHoursCache(influx);
    await cache.queryEach([ROLLUP], 0);
    influx.total = 2;
    const answer = await cache.queryEach([ROLLUP], 0);
    expect(answer[0]![0]!.rows[0]!.total).toBe(2);
  });

  it('re-reads an answer older than a minute even with the same fingerprint', async () => {
    const influx = new FakeInflux();
    const cache = new ClosedHoursCache(influx);
    const start = Date.now();
    await cache.queryEach([ROLLUP], 0);
    vi.spyOn(Date, 'now').mockReturnValue(start + 61_000);
    await cache.queryEach([ROLLUP], 0);
    expect(cache.misses).toBe(2);
  });

  it('sends minute-only statements as they are, without a fingerprint', async () => {
    const influx = new FakeInflux();
    await new ClosedHoursCache(influx).queryEach([LIVE], 0);
    expect(influx.requests).toEqual([[LIVE]]);
  });
});
