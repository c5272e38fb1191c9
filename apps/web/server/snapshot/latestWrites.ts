import type { InfluxV1Client } from '@flights/influx';
import { quoteIdent } from '@flights/influx';
import { FIELDS, INFLUX_RETENTION_POLICY, MEASUREMENTS, MINUTE_MS, STREAM_CONDITIONS } from '@flights/schemas';

/**
 * A fingerprint of the newest minutes: the total flights of the current and
 * the previous minute, summed over every writer. It changes when any
 * aggregator writes a count that moved, so the web server learns of new data
 * within one probe instead of on a clock unrelated to the aggregators'. One
 * small statement (a handful of points), cheap enough to run ten times a
 * second.
 */
export function latestWritesStatement(now: number): string {
  const from = Math.floor(now / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
  const source = `${quoteIdent(INFLUX_RETENTION_POLICY.name)}.${quoteIdent(MEASUREMENTS.total)}`;
  // The history streams cannot hold minutes this recent (HISTORY_AFTER_MS): leaving them out halves the series read after a replay into the past.
  return `SELECT sum(${FIELDS.flights}), count(${FIELDS.flights}) FROM ${source} WHERE time >= ${from}ms AND ${STREAM_CONDITIONS.notHistory} GROUP BY time(1m) fill(none)`;
}

export async function latestWrites(influx: InfluxV1Client, now: number): Promise<string> {
  const series = await influx.query(latestWritesStatement(now));
  return JSON.stringify(series.map((s) => s.rows));
}
