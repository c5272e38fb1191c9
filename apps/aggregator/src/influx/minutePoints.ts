import { Point } from '@flights/influx';
import {
  CAUSE_KEYS,
  CAUSE_MEASUREMENTS,
  CROSS_MEASUREMENTS,
  DELAY_KEYS,
  DIMENSIONS,
  ENTITY_TAG,
  FIELDS,
  MEASUREMENTS,
  TAGS,
  type DelayTotals,
} from '@flights/schemas';
import { splitCrossKey, type Tally } from '../window/MinuteCounts.ts';
import type { MinuteSnapshot } from '../window/PartitionWindows.ts';

/**
 * The count that decides whether a delay field is written (see FIELDS): a
 * sum goes with its count, since a sum of early and late minutes can fall
 * back to zero while the count only grows; the others with themselves.
 */
const WRITTEN_WITH: Partial<Record<keyof DelayTotals, keyof DelayTotals>> = {
  depDelaySum: 'depDelayCount',
  arrDelaySum: 'arrDelayCount',
};

/** One point of a minute, apart from its stream and time: what InfluxDB and the minutes topic both receive. */
export interface MinutePoint {
  measurement: string;
  /** The entity tags (none for the total). */
  tags: Record<string, string>;
  /** Integer fields, by InfluxDB name. */
  fields: Record<string, number>;
}

function tallyFields(tally: Tally, measurement: string): Record<string, number> {
  const fields: Record<string, number> = {
    [FIELDS.flights]: tally.flights,
    [FIELDS.fareSum]: tally.fareSum,
    [FIELDS.fareCount]: tally.fareCount,
  };
  // A minute's counts only grow while it is open, so a field once written is written again by every rewrite.
  for (const key of DELAY_KEYS) if (tally[WRITTEN_WITH[key] ?? key] > 0) fields[FIELDS[key]] = tally[key];
  // All the causes or none: a cause with no minutes in a minute that has causes is a zero worth saying.
  if (tally.causeCount > 0 && CAUSE_MEASUREMENTS.includes(measurement))
    for (const key of CAUSE_KEYS) fields[FIELDS[key]] = tally[key];
  return fields;
}

/**
 * One tally of a minute with where it goes: its measurement, an entity key
 * unique within the measurement ('' for the total), and its point, built
 * only when asked (the minutes topic asks only for the tallies that moved).
 */
export interface TallyEntry {
  measurement: string;
  entity: string;
  tally: Tally;
  point(): MinutePoint;
}

/** Every tally of one minute: the total, one per entity of each dimension, one per carrier × itinerary. */
export function* tallyEntries(counts: MinuteSnapshot['counts']): Generator<TallyEntry> {
  const total = counts.total;
  yield {
    measurement: MEASUREMENTS.total,
    entity: '',
    tally: total,
    point: () => ({ measurement: MEASUREMENTS.total, tags: {}, fields: tallyFields(total, MEASUREMENTS.total) }),
  };
  for (const dimension of DIMENSIONS) {
    const measurement = MEASUREMENTS[dimension];
    for (const [entity, tally] of counts.byDimension[dimension]) {
      yield {
        measurement,
        entity,
        tally,
        point: () => {
          const fields = tallyFields(tally, measurement);
          // An itinerary's duration is the same on every leg of it: only there is an average duration meaningful.
          if (dimension === 'itinerary') fields[FIELDS.durationSum] = tally.durationSum;
          return { measurement, tags: { [ENTITY_TAG[dimension]]: entity }, fields };
        },
      };
    }
  }
  const { measurement, tags } = CROSS_MEASUREMENTS.carrierItinerary;
  for (const [key, tally] of counts.byCarrierItinerary) {
    yield {
      measurement,
      entity: key,
      tally,
      point: () => {
        const [carrier, itinerary] = splitCrossKey(key);
        return {
          measurement,
          tags: { [tags[0]]: carrier, [tags[1]]: itinerary },
          fields: tallyFields(tally, measurement),
        };
      },
    };
  }
}

/** Every point of one minute: the total, one per entity of each dimension, one per carrier × itinerary. */
export function minutePoints(snapshot: Pick<MinuteSnapshot, 'counts'>): MinutePoint[] {
  return [...tallyEntries(snapshot.counts)].map((entry) => entry.point());
}

function lineOf(point: MinutePoint, stream: string, start: number): string {
  const line = new Point(point.measurement).tag(TAGS.stream, stream).timestamp(start);
  for (const [tag, value] of Object.entries(point.tags)) line.tag(tag, value);
  for (const [field, value] of Object.entries(point.fields)) line.intField(field, value);
  return line.toLineProtocol({ convertTime: String })!;
}

/**
 * One minute of one stream as line protocol: the whole minute every time, so
 * rewriting it is idempotent (InfluxDB overwrites same series + timestamp).
 */
export function minuteLines(snapshot: Pick<MinuteSnapshot, 'start' | 'counts'>, stream: string): string[] {
  return minutePoints(snapshot).map((point) => lineOf(point, stream, snapshot.start));
}
