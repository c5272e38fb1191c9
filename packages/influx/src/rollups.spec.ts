import { describe, expect, it } from 'vitest';
import {
  backfillStatements,
  continuousQueryName,
  continuousQueryStatement,
  rollupLines,
  rollupRead,
  rollupSelect,
} from './rollups.ts';

const rollup = {
  source: 'flights_30d',
  target: { name: 'flights_400d', duration: '400d' },
  interval: '1h',
  resampleEvery: '1m',
  resampleFor: '2h',
};
const carrier = { measurement: 'flights_by_carrier', tags: ['carrier'], fields: ['flights', 'fare_sum'] };

describe('rollups', () => {
  it('sums every field into the same measurement of the rollup policy, keeping the entity tag and not the stream', () => {
    expect(rollupSelect('flights', carrier, rollup)).toBe(
      'SELECT sum("flights") AS "flights", sum("fare_sum") AS "fare_sum" INTO "flights"."flights_400d"."flights_by_carrier" ' +
        'FROM "flights"."flights_30d"."flights_by_carrier" GROUP BY time(1h), "carrier"',
    );
    expect(rollupSelect('flights', { measurement: 'flights_total', tags: [], fields: ['flights'] }, rollup)).toMatch(
      /GROUP BY time\(1h\)$/,
    );
  });

  it('resamples the last two hours every minute, so a rewritten minute is re-rolled', () => {
    expect(continuousQueryStatement('flights', carrier, rollup)).toMatch(
      /^CREATE CONTINUOUS QUERY "rollup_flights_by_carrier_1h_every_1m_for_2h_f[0-9a-f]{8}" ON "flights" RESAMPLE EVERY 1m FOR 2h BEGIN SELECT .* END$/,
    );
  });

  it('names a query after its fields too, so adding a field replaces the old query instead of keeping it', () => {
    const wider = { ...carrier, fields: [...carrier.fields, 'dep_delay_sum'] };
    expect(continuousQueryName(wider, rollup)).not.toBe(continuousQueryName(carrier, rollup));
    expect(continuousQueryName({ ...carrier }, rollup)).toBe(continuousQueryName(carrier, rollup));
  });

  it('backfills a bounded span of history in one statement per measurement', () => {
    const [statement] = backfillStatements('flights', [carrier], rollup, 3_600_000, 7_200_000);
    expect(statement).toContain('WHERE time >= 3600000ms AND time < 7200000ms GROUP BY time(1h), "carrier"');
  });

  it('leaves out the fine points an exclusion names, in the queries and the backfills, and names the query after it', () => {
    const excluding = { ...rollup, exclude: `"stream" !~ /\\/history$/` };
    expect(continuousQueryStatement('flights', carrier, excluding)).toContain(
      'FROM "flights"."flights_30d"."flights_by_carrier" WHERE "stream" !~ /\\/history$/ GROUP BY',
    );
    const [statement] = backfillStatements('flights', [carrier], excluding, 3_600_000, 7_200_000);
    expect(statement).toContain('WHERE "stream" !~ /\\/history$/ AND time >= 3600000ms AND time < 7200000ms GROUP BY');
    expect(continuousQueryName(carrier, excluding)).not.toBe(continuousQueryName(carrier, rollup));
  });

  it('reads the same sums without INTO, for servers that have no SELECT … INTO (2.x, 3.x)', () => {
    expect(rollupRead('flights', carrier, rollup, 'time >= 0ms')).toBe(
      rollupSelect('flights', carrier, rollup, 'time >= 0ms').replace(
        ' INTO "flights"."flights_400d"."flights_by_carrier"',
        '',
      ),
    );
  });

  it('writes the sums back as integer points per tag set, leaving out empty buckets and null sums', () => {
    const series = [
      {
        name: 'flights_by_carrier',
        tags: { carrier: 'Air India' },
        rows: [
          { time: 3_600_000, flights: 12, fare_sum: 345_600 },
          { time: 7_200_000, flights: null, fare_sum: null },
          { time: 10_800_000, flights: 3, fare_sum: null },
        ],
      },
    ];
    expect(rollupLines(carrier, series)).toEqual([
      'flights_by_carrier,carrier=Air\\ India fare_sum=345600i,flights=12i 3600000',
      'flights_by_carrier,carrier=Air\\ India flights=3i 10800000',
    ]);
  });
});
