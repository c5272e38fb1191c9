import { quoteIdent, quoteString } from '@flights/influx';
import { DELAY_FIELDS, FIELDS, measurementSpecs, RESOLUTION_MS, type ResolvedRange } from '@flights/schemas';

/** The total and one measurement per dimension (cross measurements serve the entity detail). */
const boardSpecs = () => measurementSpecs().filter((spec) => spec.tags.length <= 1).map((spec) => ({ ...spec, tag: spec.tags[0] }));
import { rangeSources, type RangeSource } from './rangeSources.ts';

/** One InfluxQL statement and what its answer is: which measurement, which period. */
export interface Statement {
  measurement: string;
  /** The entity tag; absent for the total. */
  tag?: string;
  period: 'current' | 'previous';
  influxql: string;
}

/** What the totals read besides flights and fares. */
export interface TotalsOptions {
  /**
   * The delay fields: only when the data has them. InfluxDB 1.6 pays per
   * series and field, data or not (224 routes by 6 writers: half a second
   * with them, a sixth without), so fare data must not pay for them.
   */
  delays: boolean;
}

function select(fields: readonly string[], options: TotalsOptions): string {
  const parts = [`sum(${FIELDS.flights}) AS flights`, `sum(${FIELDS.fareSum}) AS fares`, `sum(${FIELDS.fareCount}) AS fare_count`];
  // "duration" is an InfluxQL keyword: the alias must not be it.
  if (fields.includes(FIELDS.durationSum)) parts.push(`sum(${FIELDS.durationSum}) AS durations`);
  // Each under its own name (the field's), which the snapshot reads back.
  if (options.delays) for (const field of DELAY_FIELDS) if (fields.includes(field)) parts.push(`sum(${field}) AS ${field}`);
  return `SELECT ${parts.join(', ')}`;
}

/** The period before needs the flights alone (for the change), whatever the range shows. */
const selectPrevious = () => `SELECT sum(${FIELDS.flights}) AS flights`;

const source = (s: RangeSource, measurement: string) => `${quoteIdent(s.policy)}.${quoteIdent(measurement)}`;
const bounds = (s: RangeSource) => `time >= ${s.from}ms AND time < ${s.to}ms`;

/**
 * The totals of every entity in the range and in the period of the same
 * length before it (for the change), per measurement and source: one
 * request, small answers (one row per entity), whatever the range.
 */
export function totalsStatements(range: ResolvedRange, now: number, options: TotalsOptions = { delays: false }): Statement[] {
  const length = range.to - range.from;
  const periods = [
    { period: 'current' as const, from: range.from, to: range.to },
    { period: 'previous' as const, from: range.from - length, to: range.from },
  ];
  const statements: Statement[] = [];
  for (const spec of boardSpecs()) {
    for (const { period, from, to } of periods) {
      for (const s of rangeSources(range.resolution, from, to, now)) {
        const groupBy = spec.tag ? ` GROUP BY ${quoteIdent(spec.tag)}` : '';
        const fields = period === 'current' ? select(spec.fields, options) : selectPrevious();
        statements.push({ measurement: spec.measurement, tag: spec.tag, period, influxql: `${fields} FROM ${source(s, spec.measurement)} WHERE ${bounds(s)}${groupBy}` });
      }
    }
  }
  return statements;
}

/**
 * Flights per bucket for the chosen entities of each measurement (the rows
 * the dashboard draws) and for the total. Entities are matched by tag value,
 * quoted: the names come from data files.
 */
export function seriesStatements(range: ResolvedRange, now: number, chosen: ReadonlyMap<string, readonly string[]>): Statement[] {
  const interval = range.resolution === 'minute' ? '1m' : '1h';
  const statements: Statement[] = [];
  for (const spec of boardSpecs()) {
    const keys = spec.tag ? chosen.get(spec.measurement) ?? [] : [];
    if (spec.tag && keys.length === 0) continue;
    const filter = spec.tag ? ` AND (${keys.map((key) => `${quoteIdent(spec.tag!)} = ${quoteString(key)}`).join(' OR ')})` : '';
    for (const s of rangeSources(range.resolution, range.from, range.to, now)) {
      const groupBy = [`time(${interval})`, ...(spec.tag ? [quoteIdent(spec.tag)] : [])].join(', ');
      statements.push({
        measurement: spec.measurement, tag: spec.tag, period: 'current',
        influxql: `SELECT sum(${FIELDS.flights}) AS flights FROM ${source(s, spec.measurement)} WHERE ${bounds(s)}${filter} GROUP BY ${groupBy} fill(none)`,
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
