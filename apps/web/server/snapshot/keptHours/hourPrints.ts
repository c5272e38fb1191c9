import { quoteIdent, type InfluxSeries } from '@flights/influx';
import { FIELDS, HOUR_MS, MEASUREMENTS, ROLLUP_RETENTION_POLICY } from '@flights/schemas';

/**
 * Each closed hour's fingerprint: the total's sums and its number of points
 * in the rollups, per hour, from one series (cheap at any density). Counts
 * only grow, and the aggregator re-rolls `flights_total` last of all
 * measurements (see HourRoller), so while an hour's fingerprint holds, none
 * of its rollups has changed.
 */
export function hourPrintsStatement(from: number, to: number): string {
  return printsStatement(ROLLUP_RETENTION_POLICY.name, '1h', `time >= ${from}ms AND time < ${to}ms`);
}

/** The total's sums and number of points per bucket of a policy, where `condition` holds: each bucket's fingerprint. */
export function printsStatement(policy: string, interval: '1h' | '1m', condition: string): string {
  const source = `${quoteIdent(policy)}.${quoteIdent(MEASUREMENTS.total)}`;
  return (
    `SELECT sum(${FIELDS.flights}) AS f, sum(${FIELDS.fareSum}) AS s, sum(${FIELDS.fareCount}) AS c, count(${FIELDS.flights}) AS n FROM ${source} ` +
    `WHERE ${condition} GROUP BY time(${interval}) fill(none)`
  );
}

/** The answer as hour start → fingerprint; an hour without rollups has none (and reads as ''). */
export function readHourPrints(answer: readonly InfluxSeries[]): Map<number, string> {
  const prints = new Map<number, string>();
  for (const series of answer) {
    for (const row of series.rows) prints.set(Number(row.time), `${row.f}/${row.s}/${row.c}/${row.n}`);
  }
  return prints;
}

/** The fingerprints of a day's 24 hours ('' where none), of the hours before `bound` only. */
export function dayPrints(prints: ReadonlyMap<number, string>, day: number, bound: number): string[] {
  return Array.from({ length: 24 }, (_, hour) => {
    const start = day + hour * HOUR_MS;
    return start < bound ? (prints.get(start) ?? '') : '';
  });
}
