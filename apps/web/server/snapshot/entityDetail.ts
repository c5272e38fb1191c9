import type { InfluxV1Client } from '@flights/influx';
import { quoteIdent, quoteString } from '@flights/influx';
import {
  CROSS_MEASUREMENTS,
  ENTITY_TAG,
  entityLabel,
  FIELDS,
  HOUR_MS,
  MEASUREMENTS,
  resolveRange,
  ROLLUP_RETENTION_POLICY,
  type Dimension,
  type EntityDetailData,
  type RangeRequest,
} from '@flights/schemas';
import { entityBreakdowns, type CarrierItinerary } from './entityBreakdowns.ts';
import { bucketIndex } from './rangeQueries.ts';
import { rangeSources } from './rangeSources.ts';
import { USUAL_WEEKS, usualBand } from './usualBand.ts';

/**
 * One entity over a range, in one request: its flights and fares per bucket
 * (from the rollups and minutes, as the boards), and the carrier × itinerary
 * totals its breakdowns come from. The key is quoted: it comes from a URL.
 */
export async function loadEntityDetail(
  influx: InfluxV1Client,
  request: RangeRequest,
  dimension: Dimension,
  key: string,
  now: number,
): Promise<EntityDetailData> {
  const range = resolveRange(request, now);
  const sources = rangeSources(range.resolution, range.from, range.to, now);
  const interval = range.resolution === 'minute' ? '1m' : '1h';
  const tag = ENTITY_TAG[dimension];
  const cross = CROSS_MEASUREMENTS.carrierItinerary;
  const carrierOnly = dimension === 'carrier' ? ` AND ${quoteIdent('carrier')} = ${quoteString(key)}` : '';
  const statements = sources.flatMap((s) => {
    const where = `time >= ${s.from}ms AND time < ${s.to}ms`;
    return [
      `SELECT sum(${FIELDS.flights}) AS flights, sum(${FIELDS.fareSum}) AS fares, sum(${FIELDS.fareCount}) AS fare_count FROM ${quoteIdent(s.policy)}.${quoteIdent(MEASUREMENTS[dimension])} WHERE ${where} AND ${quoteIdent(tag)} = ${quoteString(key)} GROUP BY time(${interval}) fill(none)`,
      `SELECT sum(${FIELDS.flights}) AS flights FROM ${quoteIdent(s.policy)}.${quoteIdent(cross.measurement)} WHERE ${where}${carrierOnly} GROUP BY ${cross.tags.map(quoteIdent).join(', ')}`,
    ];
  });
  const history = usualHistory(now);
  statements.push(
    `SELECT sum(${FIELDS.flights}) AS flights FROM ${quoteIdent(ROLLUP_RETENTION_POLICY.name)}.${quoteIdent(MEASUREMENTS[dimension])} WHERE time >= ${history.from}ms AND time < ${history.to}ms AND ${quoteIdent(tag)} = ${quoteString(key)} GROUP BY time(1h) fill(none)`,
  );
  const answers = await influx.queryEach(statements);
  const hourly = new Map(
    (answers.pop() ?? []).flatMap((series) => series.rows.map((row) => [Number(row.time), Number(row.flights ?? 0)])),
  );
  const usual = usualBand(hourly, history.from, history.to, range.buckets, range.resolution);
  const zeros = () => range.buckets.map(() => 0);
  const detail = { flights: zeros(), fareSum: zeros(), fareCount: zeros() };
  const cells = new Map<string, CarrierItinerary>();
  answers.forEach((series, i) => {
    for (const s of series) {
      if (i % 2 === 0) {
        for (const row of s.rows) {
          const at = bucketIndex(range, Number(row.time));
          if (at === undefined) continue;
          detail.flights[at]! += Number(row.flights ?? 0);
          detail.fareSum[at]! += Number(row.fares ?? 0);
          detail.fareCount[at]! += Number(row.fare_count ?? 0);
        }
        continue;
      }
      const carrier = s.tags.carrier ?? '';
      const itinerary = s.tags.itinerary ?? '';
      const cellKey = `${carrier}\u0000${itinerary}`;
      const cell = cells.get(cellKey) ?? { carrier, itinerary, flights: 0 };
      cell.flights += Number(s.rows[0]?.flights ?? 0);
      cells.set(cellKey, cell);
    }
  });
  return {
    dimension,
    key,
    label: entityLabel(dimension, key),
    range: range.key,
    resolution: range.resolution,
    buckets: range.buckets,
    live: range.live,
    ...detail,
    ...(usual ? { usual } : {}),
    breakdowns: entityBreakdowns(dimension, key, [...cells.values()]),
  };
}

/** The weeks the usual is learnt from: whole hours the rollups have surely closed (the last one is an hour old). */
function usualHistory(now: number): { from: number; to: number } {
  const to = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
  return { from: to - USUAL_WEEKS * 168 * HOUR_MS, to };
}
