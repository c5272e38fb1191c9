import type { InfluxSeries } from '@flights/influx';
import {
  CAUSE_KEYS,
  DELAY_KEYS,
  DIMENSIONS,
  emptyCauses,
  emptyDelays,
  entityLabel,
  FIELDS,
  hasDelays,
  MEASUREMENTS,
  type CauseTotals,
  type DashboardSnapshot,
  type DelayTotals,
  type Dimension,
  type EntityRow,
  type PipelineHealth,
  type ResolvedRange,
} from '@flights/schemas';
import { bucketIndex, SUM_ALIAS, type Statement } from './rangeQueries.ts';

/** Rows that carry a series: the ten each board draws; every row when the range is short enough to be cheap. */
export const SERIES_ROWS = 10;
export const ALL_SERIES_UP_TO_BUCKETS = 60;

interface Totals {
  flights: number;
  fareSum: number;
  fareCount: number;
  durationSum: number;
  previous: number;
  delays: DelayTotals;
  causes: CauseTotals;
  /** The period before: arrivals with a known delay, and those 15 minutes or more late. */
  previousArrivals: { known: number; late: number };
}

const empty = (): Totals => ({
  flights: 0,
  fareSum: 0,
  fareCount: 0,
  durationSum: 0,
  previous: 0,
  delays: emptyDelays(),
  causes: emptyCauses(),
  previousArrivals: { known: 0, late: 0 },
});

/** Adds an answer row's sums to `into` (aliased by field name; the keys are FIELDS keys). */
function addSums<K extends keyof typeof FIELDS>(
  into: Record<K, number>,
  keys: readonly K[],
  row: Record<string, unknown>,
): void {
  for (const key of keys) into[key] += Number(row[FIELDS[key]] ?? 0);
}

/** Sums the totals statements' answers per measurement and entity ('' for the total), current and previous period apart. */
export function sumTotals(
  statements: readonly Statement[],
  answers: readonly InfluxSeries[][],
): Map<string, Map<string, Totals>> {
  const out = new Map<string, Map<string, Totals>>();
  statements.forEach((statement, i) => {
    let entities = out.get(statement.measurement);
    if (!entities) out.set(statement.measurement, (entities = new Map()));
    for (const series of answers[i] ?? []) {
      const key = statement.tag ? (series.tags[statement.tag] ?? '') : '';
      const row = series.rows[0];
      if (!row || (statement.tag && !key)) continue;
      let totals = entities.get(key);
      if (!totals) entities.set(key, (totals = empty()));
      const flights = Number(row.flights ?? 0);
      if (statement.period === 'previous') {
        totals.previous += flights;
        totals.previousArrivals.known += Number(row[FIELDS.arrDelayCount] ?? 0);
        totals.previousArrivals.late += Number(row[FIELDS.arrDelayed15] ?? 0);
        continue;
      }
      totals.flights += flights;
      totals.fareSum += Number(row.fares ?? 0);
      totals.fareCount += Number(row.fare_count ?? 0);
      totals.durationSum += Number(row.durations ?? 0);
      addSums(totals.delays, DELAY_KEYS, row);
      addSums(totals.causes, CAUSE_KEYS, row);
    }
  });
  return out;
}

/** Busiest first; equal counts by key, so the order never flickers between refreshes. */
export function rankEntities<T extends { key: string; flights: number }>(rows: T[]): T[] {
  return [...rows].sort((a, b) => b.flights - a.flights || a.key.localeCompare(b.key));
}

/** The entities whose series the second request fetches, per measurement. */
export function chooseSeriesRows(
  range: ResolvedRange,
  totals: Map<string, Map<string, Totals>>,
): Map<string, string[]> {
  const chosen = new Map<string, string[]>();
  for (const dimension of DIMENSIONS) {
    const entities = totals.get(MEASUREMENTS[dimension]) ?? new Map<string, Totals>();
    const ranked = rankEntities(
      [...entities].filter(([, t]) => t.flights > 0).map(([key, t]) => ({ key, flights: t.flights })),
    );
    const take = range.buckets.length <= ALL_SERIES_UP_TO_BUCKETS ? ranked.length : SERIES_ROWS;
    chosen.set(
      MEASUREMENTS[dimension],
      ranked.slice(0, take).map((row) => row.key),
    );
  }
  return chosen;
}

/** Where sumSeries files a statement's buckets: its measurement for flights, `<measurement>.<field>` for another field. */
export const seriesKey = (measurement: string, field: string = FIELDS.flights) =>
  field === FIELDS.flights ? measurement : `${measurement}.${field}`;

/**
 * Values per bucket per measurement (seriesKey) and entity, from the series
 * statements' answers; with `chosen`, of the chosen entities only (a
 * statement may have asked for every entity of a stretch where that was cheap).
 */
export function sumSeries(
  range: ResolvedRange,
  statements: readonly Statement[],
  answers: readonly InfluxSeries[][],
  chosen?: ReadonlyMap<string, readonly string[]>,
): Map<string, Map<string, number[]>> {
  const out = new Map<string, Map<string, number[]>>();
  statements.forEach((statement, i) => {
    const field = statement.fields[0]!;
    const alias = SUM_ALIAS[field] ?? field;
    const at = seriesKey(statement.measurement, field);
    let entities = out.get(at);
    if (!entities) out.set(at, (entities = new Map()));
    const drawn = statement.tag && chosen ? new Set(chosen.get(statement.measurement) ?? []) : undefined;
    for (const series of answers[i] ?? []) {
      const key = statement.tag ? (series.tags[statement.tag] ?? '') : '';
      if (drawn && !drawn.has(key)) continue;
      let values = entities.get(key);
      if (!values) entities.set(key, (values = range.buckets.map(() => 0)));
      for (const row of series.rows) {
        const bucket = bucketIndex(range, Number(row.time));
        if (bucket !== undefined) values[bucket]! += Number(row[alias] ?? 0);
      }
    }
  });
  return out;
}

/** The total's known and late arrivals per bucket, when the series were asked for them. */
function arrivalSeries(series: Map<string, Map<string, number[]>>): DashboardSnapshot['totals']['arrivals'] {
  const known = series.get(seriesKey(MEASUREMENTS.total, FIELDS.arrDelayCount))?.get('');
  const late = series.get(seriesKey(MEASUREMENTS.total, FIELDS.arrDelayed15))?.get('');
  return known ? { known, late: late ?? known.map(() => 0) } : undefined;
}

export function buildSnapshot(
  range: ResolvedRange,
  totals: Map<string, Map<string, Totals>>,
  series: Map<string, Map<string, number[]>>,
  health: PipelineHealth,
  now: number,
): DashboardSnapshot {
  const dimensions = {} as Record<Dimension, EntityRow[]>;
  for (const dimension of DIMENSIONS) {
    const measurement = MEASUREMENTS[dimension];
    const rows: EntityRow[] = [];
    for (const [key, t] of totals.get(measurement) ?? []) {
      if (t.flights === 0) continue;
      const values = series.get(measurement)?.get(key);
      rows.push({
        key,
        label: entityLabel(dimension, key),
        flights: t.flights,
        fareSum: t.fareSum,
        fareCount: t.fareCount,
        previous: t.previous,
        ...(dimension === 'itinerary' ? { durationSum: t.durationSum } : {}),
        ...(hasDelays(t.delays) ? { delays: t.delays } : {}),
        ...(t.previousArrivals.known > 0 ? { previousArrivals: t.previousArrivals } : {}),
        ...(values ? { series: values } : {}),
      });
    }
    dimensions[dimension] = rankEntities(rows);
  }
  const total = totals.get(MEASUREMENTS.total)?.get('') ?? empty();
  const arrivals = hasDelays(total.delays) ? arrivalSeries(series) : undefined;
  return {
    range: range.key,
    resolution: range.resolution,
    buckets: range.buckets,
    from: range.from,
    to: range.to,
    live: range.live,
    generatedAt: now,
    totals: {
      series: series.get(MEASUREMENTS.total)?.get('') ?? range.buckets.map(() => 0),
      flights: total.flights,
      fareSum: total.fareSum,
      fareCount: total.fareCount,
      previous: total.previous,
      ...(hasDelays(total.delays) ? { delays: total.delays } : {}),
      ...(total.causes.causeCount > 0 ? { causes: total.causes } : {}),
      ...(arrivals ? { arrivals } : {}),
    },
    dimensions,
    health,
  };
}
