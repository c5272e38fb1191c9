import type { InfluxSeries } from '@flights/influx';
import {
  cityForAirport, DASHBOARD_WINDOWS, DIMENSIONS, ENTITY_TAG, FIELDS, MEASUREMENTS, pathLabel, stopsLabel,
  type DashboardSnapshot, type DashboardWindow, type Dimension, type EntityRow, type PipelineHealth,
} from '@flights/schemas';

const MINUTE_MS = 60_000;

/** The window's minute buckets: the current minute and the ones before it. */
export function windowMinutes(window: DashboardWindow, now: number): number[] {
  const count = DASHBOARD_WINDOWS[window];
  const current = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  return Array.from({ length: count }, (_, i) => current - (count - 1 - i) * MINUTE_MS);
}

/**
 * One InfluxQL request for a whole snapshot: the total and every dimension,
 * per minute, summed over the writers' `stream` tag. Bounds are computed
 * here (not `now()`) so the buckets match `windowMinutes` exactly. No string
 * from a client ever reaches this query.
 */
export function dashboardQuery(minutes: readonly number[]): string {
  const from = minutes[0]!;
  const to = minutes.at(-1)! + MINUTE_MS;
  const select = `SELECT sum(${FIELDS.flights}) AS flights, sum(${FIELDS.fareSum}) AS fares, sum(${FIELDS.fareCount}) AS fare_count`;
  const where = `WHERE time >= ${from}ms AND time < ${to}ms`;
  return [
    `${select} FROM ${MEASUREMENTS.total} ${where} GROUP BY time(1m)`,
    ...DIMENSIONS.map((dimension) => {
      const fields = dimension === 'itinerary' ? `${select}, sum(${FIELDS.durationSum}) AS durations` : select;
      return `${fields} FROM ${MEASUREMENTS[dimension]} ${where} GROUP BY time(1m), "${ENTITY_TAG[dimension]}"`;
    }),
  ].join('; ');
}

export function entityLabel(dimension: Dimension, key: string): string {
  switch (dimension) {
    case 'departure':
    case 'arrival':
    case 'hub': {
      const city = cityForAirport(key);
      return city ? `${key} · ${city}` : key;
    }
    case 'route':
    case 'itinerary':
    case 'leg':
      return pathLabel(key);
    case 'stops':
      return stopsLabel(key);
    default:
      return key;
  }
}

interface Accumulated {
  flights: number;
  fareSum: number;
  fareCount: number;
  durationSum: number;
  perMinute: number[];
}

function accumulate(rows: InfluxSeries['rows'], minutes: readonly number[]): Accumulated {
  const index = new Map(minutes.map((minute, i) => [minute, i]));
  const out: Accumulated = { flights: 0, fareSum: 0, fareCount: 0, durationSum: 0, perMinute: minutes.map(() => 0) };
  for (const row of rows) {
    const i = index.get(Number(row.time));
    const flights = Number(row.flights ?? 0);
    if (i === undefined || !flights) continue;
    out.perMinute[i]! += flights;
    out.flights += flights;
    out.fareSum += Number(row.fares ?? 0);
    out.fareCount += Number(row.fare_count ?? 0);
    out.durationSum += Number(row.durations ?? 0);
  }
  return out;
}

/** Busiest first; equal counts by key, so the order never flickers between refreshes. */
export function rankEntities(rows: EntityRow[]): EntityRow[] {
  return [...rows].sort((a, b) => b.flights - a.flights || a.key.localeCompare(b.key));
}

export function buildSnapshot(
  series: InfluxSeries[],
  window: DashboardWindow,
  minutes: number[],
  health: PipelineHealth,
  now: number,
): DashboardSnapshot {
  const byMeasurement = new Map<string, InfluxSeries[]>();
  for (const s of series) byMeasurement.set(s.name, [...(byMeasurement.get(s.name) ?? []), s]);
  const total = accumulate(byMeasurement.get(MEASUREMENTS.total)?.[0]?.rows ?? [], minutes);
  const dimensions = {} as Record<Dimension, EntityRow[]>;
  for (const dimension of DIMENSIONS) {
    const rows: EntityRow[] = [];
    for (const s of byMeasurement.get(MEASUREMENTS[dimension]) ?? []) {
      const key = s.tags[ENTITY_TAG[dimension]];
      if (!key) continue;
      const { durationSum, ...acc } = accumulate(s.rows, minutes);
      if (acc.flights === 0) continue;
      rows.push({ key, label: entityLabel(dimension, key), ...acc, ...(dimension === 'itinerary' ? { durationSum } : {}) });
    }
    dimensions[dimension] = rankEntities(rows);
  }
  return {
    window,
    generatedAt: now,
    minutes,
    totals: { perMinute: total.perMinute, flights: total.flights, fareSum: total.fareSum, fareCount: total.fareCount },
    dimensions,
    health,
  };
}
