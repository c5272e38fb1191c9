import { quoteIdent, type InfluxSeries } from '@flights/influx';
import { HOUR_MS } from '@flights/schemas';
import { boardSpecs, selectSums, SUM_ALIAS, totalsAnswer, totalsFields, type Statement } from '../rangeQueries.ts';

export const DAY_MS = 24 * HOUR_MS;
/** Row 24 of an entity's table holds the whole day's sums: a day inside a range costs one row, not 24. */
const DAY_ROW = 24;

/** One measurement's hourly sums within a day: its fields (in this order) and, per entity, (24 hours + the day) × fields. */
export interface MeasurementHours {
  fields: readonly string[];
  entities: Map<string, Float64Array>;
}

/** One UTC day of the closed hours' sums (from the rollups), per measurement; the total's entity is ''. */
export type HourDay = Map<string, MeasurementHours>;

export const dayOf = (time: number) => Math.floor(time / DAY_MS) * DAY_MS;

/** The UTC days that [from, to) touches, by their start. */
export function daysTouched(from: number, to: number): number[] {
  const days: number[] = [];
  for (let day = dayOf(from); day < to; day += DAY_MS) days.push(day);
  return days;
}

/**
 * Files InfluxDB's answer to "the sums of `fields` per hour and entity" (one
 * series per entity, a row per hour, each sum under its field's SUM_ALIAS)
 * into the days it covers, creating the measurement's tables there. Days
 * must be present in `days` for their hours to be kept.
 */
export function fileHours(
  days: ReadonlyMap<number, HourDay>,
  measurement: string,
  tag: string | undefined,
  fields: readonly string[],
  answer: readonly InfluxSeries[],
): void {
  for (const day of days.values()) if (!day.has(measurement)) day.set(measurement, { fields, entities: new Map() });
  const aliases = fields.map((field) => SUM_ALIAS[field] ?? field);
  for (const series of answer) {
    const key = tag ? (series.tags[tag] ?? '') : '';
    if (tag && !key) continue;
    for (const row of series.rows) {
      const time = Number(row.time);
      const hours = days.get(dayOf(time))?.get(measurement);
      if (!hours) continue;
      const table = hours.entities.get(key) ?? new Float64Array((DAY_ROW + 1) * fields.length);
      hours.entities.set(key, table);
      const hour = Math.floor((time - dayOf(time)) / HOUR_MS);
      aliases.forEach((alias, f) => {
        const value = Number(row[alias] ?? 0);
        table[hour * fields.length + f]! += value;
        table[DAY_ROW * fields.length + f]! += value;
      });
    }
  }
}

/** One statement per board measurement: the sums of its fields per hour and entity in a policy, where `condition` holds (what fileHourlySums files). */
export function hourlySumsStatements(policy: string, condition: string, delays: boolean): string[] {
  return boardSpecs().map((spec) => {
    const groupBy = ['time(1h)', ...(spec.tag ? [quoteIdent(spec.tag)] : [])].join(', ');
    return `${selectSums(totalsFields(spec.fields, { delays }))} FROM ${quoteIdent(policy)}.${quoteIdent(spec.measurement)} WHERE ${condition} GROUP BY ${groupBy} fill(none)`;
  });
}

/** Files the answers to hourlySumsStatements (one per board measurement, in order) into the days. */
export function fileHourlySums(
  days: ReadonlyMap<number, HourDay>,
  answers: readonly InfluxSeries[][],
  delays: boolean,
): void {
  boardSpecs().forEach((spec, s) => {
    fileHours(days, spec.measurement, spec.tag, totalsFields(spec.fields, { delays }), answers[s] ?? []);
  });
}

/** Per entity, the sums of `fields` over the hours in [from, to) of the days given. */
function sumHours(
  days: readonly HourDay[],
  dayStarts: readonly number[],
  measurement: string,
  fields: readonly string[],
  from: number,
  to: number,
): Map<string, number[]> {
  const out = new Map<string, number[]>();
  days.forEach((day, d) => {
    const hours = day.get(measurement);
    if (!hours) return;
    const columns = fields.map((field) => hours.fields.indexOf(field));
    const start = dayStarts[d]!;
    const first = Math.max(0, Math.ceil((from - start) / HOUR_MS));
    const last = Math.min(24, Math.ceil((to - start) / HOUR_MS));
    const rows =
      first === 0 && last === 24 ? [DAY_ROW] : Array.from({ length: Math.max(0, last - first) }, (_, i) => first + i);
    for (const [key, table] of hours.entities) {
      let sums = out.get(key);
      for (const row of rows) {
        const base = row * hours.fields.length;
        if (!sums) out.set(key, (sums = fields.map(() => 0)));
        columns.forEach((column, f) => {
          if (column >= 0) sums![f]! += table[base + column]!;
        });
      }
    }
  });
  return out;
}

/**
 * Answers a totals statement over closed hours from the days kept, in the
 * shape InfluxDB would (one series per entity with one row of sums under
 * their aliases). Hours are included when they start inside [from, to),
 * as InfluxDB includes an hourly point by its time.
 */
export function answerTotals(days: ReadonlyMap<number, HourDay>, statement: Statement): InfluxSeries[] {
  const { from, to } = statement.source;
  const starts = daysTouched(from, to).filter((day) => days.has(day));
  const sums = sumHours(
    starts.map((day) => days.get(day)!),
    starts,
    statement.measurement,
    statement.fields,
    from,
    to,
  );
  return totalsAnswer(statement, sums);
}

/** Answers a series statement over closed hours: flights per hour of the entities asked for (every hour with any), as InfluxDB's GROUP BY time(1h) fill(none). */
export function answerSeries(days: ReadonlyMap<number, HourDay>, statement: Statement): InfluxSeries[] {
  const { from, to } = statement.source;
  // Without keys, a tagged statement asks for every entity.
  const asked = statement.tag ? statement.keys && new Set(statement.keys) : new Set(['']);
  const alias = SUM_ALIAS[statement.fields[0]!] ?? statement.fields[0]!;
  const rowsOf = new Map<string, Record<string, unknown>[]>();
  for (const start of daysTouched(from, to)) {
    const hours = days.get(start)?.get(statement.measurement);
    if (!hours) continue;
    const column = hours.fields.indexOf(statement.fields[0]!);
    for (const [key, table] of hours.entities) {
      if (asked && !asked.has(key)) continue;
      for (let hour = 0; hour < 24; hour += 1) {
        const time = start + hour * HOUR_MS;
        const value = table[hour * hours.fields.length + column]!;
        if (time < from || time >= to || value === 0) continue;
        let rows = rowsOf.get(key);
        if (!rows) rowsOf.set(key, (rows = []));
        rows.push({ time, [alias]: value });
      }
    }
  }
  return [...rowsOf].map(([key, rows]) => ({
    name: statement.measurement,
    tags: statement.tag ? { [statement.tag]: key } : {},
    rows,
  }));
}
