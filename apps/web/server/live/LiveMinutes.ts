import type { InfluxSeries } from '@flights/influx';
import { DELAY_FIELDS, FENCE_GRACE_MS, HOUR_MS, LIVE_WINDOW_MS, MINUTE_MS, type MinuteRecord } from '@flights/schemas';
import { SUM_ALIAS, totalsAnswer, type Statement } from '../snapshot/rangeQueries.ts';

/** One writer's values of one point; a seed from InfluxDB has no fence. */
interface StreamValue {
  fields: Record<string, number>;
}

/** One entity's point in one minute: each stream's last values and their sum over streams. */
interface LivePoint {
  byStream: Map<string, StreamValue>;
  sum: Record<string, number>;
}

/** Per minute start, per measurement, per entity key (the tag values, '' for the total). */
type Minutes = Map<number, Map<string, Map<string, LivePoint>>>;

/** What applying a record did: taken, fenced off (a former owner's late record), or outside the window. */
export type ApplyOutcome = 'taken' | 'fenced' | 'outside';

/** The entity key of a point: its tag values in tag order, NUL-joined (NUL cannot occur in a tag value). */
export const entityKeyOf = (tags: Readonly<Record<string, string>>) =>
  Object.keys(tags)
    .sort()
    .map((tag) => tags[tag])
    .join('\u0000');

/**
 * The live edge (the last two hours by the minute) as the aggregators count
 * it: the last values of every point per writer's stream, summed over the
 * streams, exactly as InfluxDB's upserts and `sum()` make it. Fed by the
 * minutes topic (apply) on top of a seed read from InfluxDB at start (seed,
 * which a record always replaces). Answers the snapshot's statements over
 * its stretch in the shape InfluxDB would. Pure state, no I/O.
 */
export class LiveMinutes {
  private readonly minutes: Minutes = new Map();
  /** Per stream: the highest fence seen and the publish time of its newest record (FENCE_GRACE_MS). */
  private readonly fences = new Map<string, { fence: number; at: number }>();
  /** Grows on every change: readers tell a change without comparing numbers. */
  version = 0;
  /** The publish time of the newest record taken: how old the live edge is. */
  newestAt = 0;
  fenced = 0;
  private delaysSeen = false;

  /** The first minute kept at `now`: the live window's start. */
  static windowStart(now: number): number {
    return Math.floor(now / MINUTE_MS) * MINUTE_MS - LIVE_WINDOW_MS;
  }

  /** The oldest minute kept: one before the window, for a read that straddles its start. */
  private static firstKept(now: number): number {
    return LiveMinutes.windowStart(now) - MINUTE_MS;
  }

  apply(record: MinuteRecord, now = Date.now()): ApplyOutcome {
    if (record.minute < LiveMinutes.firstKept(now)) return 'outside';
    const seen = this.fences.get(record.stream);
    if (seen && record.fence < seen.fence && record.at - seen.at < FENCE_GRACE_MS) {
      this.fenced += 1;
      return 'fenced';
    }
    if (!seen || record.fence >= seen.fence || record.at - seen.at >= FENCE_GRACE_MS)
      this.fences.set(record.stream, { fence: record.fence, at: Math.max(record.at, seen?.at ?? 0) });
    this.set(record.measurement, entityKeyOf(record.tags), record.stream, record.minute, record.fields, true);
    if (record.at > this.newestAt) this.newestAt = record.at;
    return 'taken';
  }

  /** A point read from InfluxDB at start: kept unless a record of the same point and stream came first. */
  seed(measurement: string, entity: string, stream: string, minute: number, fields: Record<string, number>): void {
    this.set(measurement, entity, stream, minute, fields, false);
  }

  private set(
    measurement: string,
    entity: string,
    stream: string,
    minute: number,
    fields: Record<string, number>,
    replace: boolean,
  ): void {
    let byMeasurement = this.minutes.get(minute);
    if (!byMeasurement) this.minutes.set(minute, (byMeasurement = new Map()));
    let entities = byMeasurement.get(measurement);
    if (!entities) byMeasurement.set(measurement, (entities = new Map()));
    let point = entities.get(entity);
    if (!point) entities.set(entity, (point = { byStream: new Map(), sum: {} }));
    const before = point.byStream.get(stream);
    if (before && !replace) return;
    for (const [field, value] of Object.entries(before?.fields ?? {})) point.sum[field]! -= value;
    for (const [field, value] of Object.entries(fields)) point.sum[field] = (point.sum[field] ?? 0) + value;
    point.byStream.set(stream, { fields });
    this.version += 1;
    if (!this.delaysSeen && DELAY_FIELDS.some((field) => field in fields)) this.delaysSeen = true;
  }

  /** Forgets the minutes before the live window. */
  evict(now = Date.now()): void {
    const first = LiveMinutes.firstKept(now);
    for (const minute of this.minutes.keys()) if (minute < first) this.minutes.delete(minute);
  }

  /** Forgets everything: a feed that starts over seeds and reads again. */
  clear(): void {
    this.minutes.clear();
    this.fences.clear();
    this.delaysSeen = false;
    this.version += 1;
  }

  /** Whether a point with a delay field was taken since the last clear: on-time data is flowing. */
  get hasDelays(): boolean {
    return this.delaysSeen;
  }

  /** The minutes of [from, to) with their points of one measurement. */
  private *stretch(measurement: string, from: number, to: number) {
    for (const [minute, byMeasurement] of this.minutes) {
      if (minute < from || minute >= to) continue;
      const entities = byMeasurement.get(measurement);
      if (entities) yield [minute, entities] as const;
    }
  }

  /** Answers a statement over the live window as InfluxDB would (see Statement). */
  answer(statement: Statement): InfluxSeries[] {
    return statement.kind === 'totals' ? this.answerTotals(statement) : this.answerSeries(statement);
  }

  private answerTotals(statement: Statement): InfluxSeries[] {
    const sums = new Map<string, number[]>();
    for (const [, entities] of this.stretch(statement.measurement, statement.source.from, statement.source.to)) {
      for (const [key, point] of entities) {
        let values = sums.get(key);
        if (!values) sums.set(key, (values = statement.fields.map(() => 0)));
        statement.fields.forEach((field, f) => {
          values![f]! += point.sum[field] ?? 0;
        });
      }
    }
    return totalsAnswer(statement, sums);
  }

  private answerSeries(statement: Statement): InfluxSeries[] {
    const asked = statement.tag ? statement.keys && new Set(statement.keys) : undefined;
    const field = statement.fields[0]!;
    const alias = SUM_ALIAS[field] ?? field;
    const bucketMs = statement.resolution === 'hour' ? HOUR_MS : MINUTE_MS;
    const byEntity = new Map<string, Map<number, number>>();
    for (const [minute, entities] of this.stretch(statement.measurement, statement.source.from, statement.source.to)) {
      const bucket = Math.floor(minute / bucketMs) * bucketMs;
      for (const [key, point] of entities) {
        if (asked && !asked.has(key)) continue;
        const value = point.sum[field] ?? 0;
        if (value === 0) continue;
        let buckets = byEntity.get(key);
        if (!buckets) byEntity.set(key, (buckets = new Map()));
        buckets.set(bucket, (buckets.get(bucket) ?? 0) + value);
      }
    }
    return [...byEntity].map(([key, buckets]) => ({
      name: statement.measurement,
      tags: statement.tag ? { [statement.tag]: key } : {},
      rows: [...buckets]
        .filter(([, value]) => value !== 0)
        .sort(([a], [b]) => a - b)
        .map(([time, value]) => ({ time, [alias]: value })),
    }));
  }

  /** Per entity key, every field summed over the minutes of [from, to): what an alert rule reads. */
  entitySums(measurement: string, from: number, to: number): Map<string, Record<string, number>> {
    const out = new Map<string, Record<string, number>>();
    for (const [, entities] of this.stretch(measurement, from, to))
      for (const [key, point] of entities) {
        let sums = out.get(key);
        if (!sums) out.set(key, (sums = {}));
        for (const [field, value] of Object.entries(point.sum)) sums[field] = (sums[field] ?? 0) + value;
      }
    return out;
  }

  /** Per entity key, the start of the newest minute kept with a flight: the alert rules' deadman reads it. */
  lastFlight(measurement: string): Map<string, number> {
    const out = new Map<string, number>();
    for (const [minute, entities] of this.stretch(measurement, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY))
      for (const [key, point] of entities)
        if ((point.sum.flights ?? 0) > 0 && minute > (out.get(key) ?? Number.NEGATIVE_INFINITY)) out.set(key, minute);
    return out;
  }

  /** The total's flights per minute of [from, to): what the reconcile compares with InfluxDB. */
  totalFlights(measurement: string, from: number, to: number): Map<number, number> {
    const out = new Map<number, number>();
    for (const [minute, entities] of this.stretch(measurement, from, to)) {
      let flights = 0;
      for (const point of entities.values()) flights += point.sum.flights ?? 0;
      out.set(minute, flights);
    }
    return out;
  }
}
