import { quoteIdent, quoteString, type InfluxSeries } from '@flights/influx';
import {
  CAUSE_FIELDS,
  DELAY_FIELDS,
  FIELDS,
  INFLUX_RETENTION_POLICY,
  measurementSpecs,
  RESOLUTION_MS,
  ROLLUP_RETENTION_POLICY,
  STREAM_CONDITIONS,
  type Resolution,
  type ResolvedRange,
} from '@flights/schemas';
import { rangeSources, type RangeSource } from './rangeSources.ts';

/** The total and one measurement per dimension (cross measurements serve the entity detail). */
export const boardSpecs = () =>
  measurementSpecs()
    .filter((spec) => spec.tags.length <= 1)
    .map((spec) => ({ ...spec, tag: spec.tags[0] }));

/**
 * The name each field's sum is answered under. "duration" is an InfluxQL
 * keyword, so its alias must not be it; the delay fields keep their names.
 */
export const SUM_ALIAS: Readonly<Record<string, string>> = {
  [FIELDS.flights]: 'flights',
  [FIELDS.fareSum]: 'fares',
  [FIELDS.fareCount]: 'fare_count',
  [FIELDS.durationSum]: 'durations',
  ...Object.fromEntries([...DELAY_FIELDS, ...CAUSE_FIELDS].map((field) => [field, field])),
};

/**
 * One question about a stretch of a range, and what its answer is: which
 * measurement, which period. Over the minutes it is asked of InfluxDB as its
 * InfluxQL; over the closed hours (the rollups) the web server answers it
 * from the hours it keeps (ClosedHours), in the same shape.
 */
export interface Statement {
  measurement: string;
  /** The entity tag; absent for the total. */
  tag?: string;
  period: 'current' | 'previous';
  /** Sums over the whole stretch per entity, or flights per bucket of the chosen entities. */
  kind: 'totals' | 'series';
  /** Where and which stretch it reads. */
  source: RangeSource;
  /** The range's buckets. */
  resolution: Resolution;
  /** The fields summed (answered under SUM_ALIAS). */
  fields: readonly string[];
  /** Series only: the entities asked for (absent for the total). */
  keys?: readonly string[];
  influxql: string;
}

/** Whether a statement reads the closed hours (the rollups). */
export const readsClosedHours = (statement: Statement) => statement.source.policy === ROLLUP_RETENTION_POLICY.name;
/** Whether a statement reads the live hours of an hourly range (the last two, from the minutes). */
export const readsLiveHours = (statement: Statement) =>
  statement.source.policy === INFLUX_RETENTION_POLICY.name && statement.resolution === 'hour' && !statement.source.live;
/** Whether a statement is answered from the live edge (LiveMinutes) rather than InfluxDB. */
export const readsLiveEdge = (statement: Statement) => statement.source.live === true;

/** What the totals read besides flights and fares. */
export interface TotalsOptions {
  /**
   * The delay fields: only when the data has them. InfluxDB 1.6 pays per
   * series and field, data or not (224 routes by 6 writers: half a second
   * with them, a sixth without), so fare data must not pay for them.
   */
  delays: boolean;
  /** Where the live edge starts (see rangeSources); undefined: everything is read from InfluxDB. */
  liveFrom?: number;
}

/**
 * The fields a board reads of a measurement: flights and fares, the
 * itinerary's durations, the delays (and their causes, where the
 * measurement has them) when the data has delays.
 */
export function totalsFields(specFields: readonly string[], options: TotalsOptions): string[] {
  const fields: string[] = [FIELDS.flights, FIELDS.fareSum, FIELDS.fareCount];
  if (specFields.includes(FIELDS.durationSum)) fields.push(FIELDS.durationSum);
  if (options.delays)
    for (const field of [...DELAY_FIELDS, ...CAUSE_FIELDS]) if (specFields.includes(field)) fields.push(field);
  return fields;
}

/**
 * What the period before a range reads: its flights (for the change) and,
 * when the data has delays, its known and late arrivals (for "getting worse").
 */
export const previousFields = (options: TotalsOptions): string[] =>
  options.delays ? [FIELDS.flights, FIELDS.arrDelayCount, FIELDS.arrDelayed15] : [FIELDS.flights];

/** SELECT of the sums of `fields`, each under its SUM_ALIAS. */
export const selectSums = (fields: readonly string[]) =>
  `SELECT ${fields.map((field) => `sum(${field}) AS ${SUM_ALIAS[field]}`).join(', ')}`;
const from = (s: RangeSource, measurement: string) => `${quoteIdent(s.policy)}.${quoteIdent(measurement)}`;
/** The WHERE condition of a stretch: its bounds, and no history streams where none can be. */
export const stretchCondition = (s: RangeSource) =>
  `time >= ${s.from}ms AND time < ${s.to}ms${s.withoutHistory ? ` AND ${STREAM_CONDITIONS.notHistory}` : ''}`;

/**
 * The totals of every entity in the range and in the period of the same
 * length before it (for the change), per measurement and source: small
 * answers (one row per entity), whatever the range.
 */
export function totalsStatements(
  range: ResolvedRange,
  now: number,
  options: TotalsOptions = { delays: false },
): Statement[] {
  const length = range.to - range.from;
  const periods = [
    { period: 'current' as const, from: range.from, to: range.to },
    { period: 'previous' as const, from: range.from - length, to: range.from },
  ];
  const statements: Statement[] = [];
  for (const spec of boardSpecs()) {
    for (const period of periods) {
      const fields = period.period === 'current' ? totalsFields(spec.fields, options) : previousFields(options);
      for (const source of rangeSources(range.resolution, period.from, period.to, now, options.liveFrom)) {
        const groupBy = spec.tag ? ` GROUP BY ${quoteIdent(spec.tag)}` : '';
        statements.push({
          measurement: spec.measurement,
          tag: spec.tag,
          period: period.period,
          kind: 'totals',
          source,
          resolution: range.resolution,
          fields,
          influxql: `${selectSums(fields)} FROM ${from(source, spec.measurement)} WHERE ${stretchCondition(source)}${groupBy}`,
        });
      }
    }
  }
  return statements;
}

/**
 * The per-bucket series the total carries besides its flights, when the data
 * has delays: its known and late arrivals, which the dashboard folds into
 * the on-time share by hour of day.
 */
export const TOTAL_SERIES_FIELDS = [FIELDS.arrDelayCount, FIELDS.arrDelayed15] as const;

/**
 * Flights per bucket for the chosen entities of each measurement (the rows
 * the dashboard draws), or of every entity, and for the total (with its
 * arrivals when `delays`). Entities are matched by tag value, quoted: the
 * names come from data files. One field per statement: the kept hours and
 * the live edge answer a series statement by its first field.
 */
export function seriesStatements(
  range: ResolvedRange,
  now: number,
  chosen: ReadonlyMap<string, readonly string[]> | 'all',
  liveFrom?: number,
  delays = false,
): Statement[] {
  const interval = range.resolution === 'minute' ? '1m' : '1h';
  const statements: Statement[] = [];
  for (const spec of boardSpecs()) {
    const keys = spec.tag && chosen !== 'all' ? (chosen.get(spec.measurement) ?? []) : undefined;
    if (keys && keys.length === 0) continue;
    const filter = keys
      ? ` AND (${keys.map((key) => `${quoteIdent(spec.tag!)} = ${quoteString(key)}`).join(' OR ')})`
      : '';
    const fields = [FIELDS.flights, ...(delays && !spec.tag ? TOTAL_SERIES_FIELDS : [])];
    for (const source of rangeSources(range.resolution, range.from, range.to, now, liveFrom)) {
      const groupBy = [`time(${interval})`, ...(spec.tag ? [quoteIdent(spec.tag)] : [])].join(', ');
      for (const field of fields)
        statements.push({
          measurement: spec.measurement,
          tag: spec.tag,
          period: 'current',
          kind: 'series',
          source,
          resolution: range.resolution,
          fields: [field],
          keys,
          influxql: `${selectSums([field])} FROM ${from(source, spec.measurement)} WHERE ${stretchCondition(source)}${filter} GROUP BY ${groupBy} fill(none)`,
        });
    }
  }
  return statements;
}

/** Bucket index of a timestamp in the range, or undefined outside it. */
export function bucketIndex(range: ResolvedRange, time: number): number | undefined {
  const i = Math.floor((time - range.from) / RESOLUTION_MS[range.resolution]);
  return i >= 0 && i < range.buckets.length ? i : undefined;
}

/**
 * A totals statement answered from sums kept in memory, in the shape InfluxDB
 * gives: one series per entity with one row of sums under their aliases; no
 * series for an entity without points (all zero).
 */
export function totalsAnswer(statement: Statement, sums: ReadonlyMap<string, readonly number[]>): InfluxSeries[] {
  return [...sums]
    .filter(([, values]) => values.some((v) => v !== 0))
    .map(([key, values]) => ({
      name: statement.measurement,
      tags: statement.tag ? { [statement.tag]: key } : {},
      rows: [Object.fromEntries(statement.fields.map((field, f) => [SUM_ALIAS[field] ?? field, values[f]]))],
    }));
}
