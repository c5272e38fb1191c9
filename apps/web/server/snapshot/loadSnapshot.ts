import type { InfluxV1Client } from '@flights/influx';
import { resolveRange, type DashboardSnapshot, type PipelineHealth, type RangeRequest } from '@flights/schemas';
import { buildSnapshot, chooseSeriesRows, sumSeries, sumTotals } from './buildSnapshot.ts';
import { ClosedHoursCache } from './ClosedHoursCache.ts';
import { DelayFieldsProbe } from './delayFields.ts';
import { seriesStatements, totalsStatements } from './rangeQueries.ts';

/**
 * A snapshot of one range in two steps: first every entity's totals (this
 * period and the one before), then the series of the rows the dashboard
 * draws; answers over closed hours come from the cache while the rollups are
 * unchanged. Fetching every entity's series would cost a row per entity and
 * bucket: 400 entities by 720 hours for 30 days.
 */
export async function loadSnapshot(
  influx: InfluxV1Client, request: RangeRequest, health: PipelineHealth, now: number,
  cache: ClosedHoursCache = new ClosedHoursCache(influx), delayFields: DelayFieldsProbe = new DelayFieldsProbe(influx),
): Promise<DashboardSnapshot> {
  const range = resolveRange(request, now);
  // The previous period starts one range length before the range: the oldest rollup either request reads.
  const rollupsFrom = range.from - (range.to - range.from);
  const totalsQuery = totalsStatements(range, now, { delays: await delayFields.delays(now) });
  const totals = sumTotals(totalsQuery, await cache.queryEach(totalsQuery.map((s) => s.influxql), rollupsFrom));
  const seriesQuery = seriesStatements(range, now, chooseSeriesRows(range, totals));
  const series = sumSeries(range, seriesQuery, await cache.queryEach(seriesQuery.map((s) => s.influxql), rollupsFrom));
  return buildSnapshot(range, totals, series, health, now);
}
