import type { InfluxV1Client } from '@flights/influx';
import { resolveRange, type DashboardSnapshot, type PipelineHealth, type RangeRequest } from '@flights/schemas';
import { ALL_SERIES_UP_TO_BUCKETS, buildSnapshot, chooseSeriesRows, sumSeries, sumTotals } from './buildSnapshot.ts';
import { isKept, KeptHours } from './keptHours/KeptHours.ts';
import { DelayFieldsProbe } from './delayFields.ts';
import { seriesStatements, totalsStatements } from './rangeQueries.ts';

/**
 * A snapshot of one range: every entity's totals (this period and the one
 * before), then the series of the rows the dashboard draws. Hourly ranges
 * are answered from the hours the web server keeps (KeptHours), re-read
 * only where their fingerprints changed. Minute ranges of up to 60 buckets
 * draw every row, so every entity's series is asked with the totals (one
 * request); a 6-hour range asks for its drawn rows' minutes in a second.
 * Fetching every entity's series over a long range would cost a row per
 * entity and bucket: 400 entities by 720 hours. With `liveFrom`, every
 * stretch from there on is answered from the live edge (LiveMinutes).
 */
export async function loadSnapshot(
  influx: InfluxV1Client,
  request: RangeRequest,
  health: PipelineHealth,
  now: number,
  kept: KeptHours = new KeptHours(influx),
  delayFields: DelayFieldsProbe = new DelayFieldsProbe(influx),
  liveFrom?: number,
): Promise<DashboardSnapshot> {
  const range = resolveRange(request, now);
  const delays = await delayFields.delays(now);
  const totalsQuery = totalsStatements(range, now, { delays, liveFrom });
  const early = range.resolution === 'hour' || range.buckets.length <= ALL_SERIES_UP_TO_BUCKETS;
  const earlySeries = early ? seriesStatements(range, now, 'all', liveFrom, delays).filter((s) => !isKept(s)) : [];
  const first = await kept.read([...totalsQuery, ...earlySeries], now);
  const totals = sumTotals(totalsQuery, first.answers);
  const chosen = chooseSeriesRows(range, totals);
  const rest = seriesStatements(range, now, chosen, liveFrom, delays).filter((s) => !early || isKept(s));
  const restAnswers = await first.answerAll(rest);
  const series = sumSeries(
    range,
    [...earlySeries, ...rest],
    [...first.answers.slice(totalsQuery.length), ...restAnswers],
    chosen,
  );
  return buildSnapshot(range, totals, series, health, now);
}
