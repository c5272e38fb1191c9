import type { InfluxV1Client } from '@flights/influx';
import { resolveRange, type DashboardSnapshot, type PipelineHealth, type RangeRequest } from '@flights/schemas';
import { buildSnapshot, chooseSeriesRows, sumSeries, sumTotals } from './buildSnapshot.ts';
import { seriesStatements, totalsStatements } from './rangeQueries.ts';

/**
 * A snapshot of one range in two requests: first every entity's totals (this
 * period and the one before), then the series of the rows the dashboard
 * draws. Fetching every entity's series would cost a row per entity and
 * bucket: 400 entities by 720 hours for 30 days.
 */
export async function loadSnapshot(influx: InfluxV1Client, request: RangeRequest, health: PipelineHealth, now: number): Promise<DashboardSnapshot> {
  const range = resolveRange(request, now);
  const totalsQuery = totalsStatements(range, now);
  const totals = sumTotals(totalsQuery, await influx.queryEach(totalsQuery.map((s) => s.influxql)));
  const seriesQuery = seriesStatements(range, now, chooseSeriesRows(range, totals));
  const series = sumSeries(range, seriesQuery, await influx.queryEach(seriesQuery.map((s) => s.influxql)));
  return buildSnapshot(range, totals, series, health, now);
}
