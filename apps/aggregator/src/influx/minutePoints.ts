import { Point } from '@flights/influx';
import {
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

function tallyPoint(measurement: string, stream: string, start: number, tally: Tally): Point {
  const point = new Point(measurement)
    .tag(TAGS.stream, stream)
    .intField(FIELDS.flights, tally.flights)
    .intField(FIELDS.fareSum, tally.fareSum)
    .intField(FIELDS.fareCount, tally.fareCount)
    .timestamp(start);
  // A minute's counts only grow while it is open, so a field once written is written again by every rewrite.
  for (const key of DELAY_KEYS) if (tally[WRITTEN_WITH[key] ?? key] > 0) point.intField(FIELDS[key], tally[key]);
  return point;
}

/**
 * One minute of one stream as line protocol: the whole minute every time, so
 * rewriting it is idempotent (InfluxDB overwrites same series + timestamp).
 */
export function minuteLines(snapshot: Pick<MinuteSnapshot, 'start' | 'counts'>, stream: string): string[] {
  const points = [tallyPoint(MEASUREMENTS.total, stream, snapshot.start, snapshot.counts.total)];
  for (const dimension of DIMENSIONS) {
    for (const [entity, tally] of snapshot.counts.byDimension[dimension]) {
      const point = tallyPoint(MEASUREMENTS[dimension], stream, snapshot.start, tally).tag(
        ENTITY_TAG[dimension],
        entity,
      );
      // An itinerary's duration is the same on every leg of it: only there is an average duration meaningful.
      if (dimension === 'itinerary') point.intField(FIELDS.durationSum, tally.durationSum);
      points.push(point);
    }
  }
  const { measurement, tags } = CROSS_MEASUREMENTS.carrierItinerary;
  for (const [key, tally] of snapshot.counts.byCarrierItinerary) {
    const [carrier, itinerary] = splitCrossKey(key);
    points.push(tallyPoint(measurement, stream, snapshot.start, tally).tag(tags[0], carrier).tag(tags[1], itinerary));
  }
  return points.map((point) => point.toLineProtocol({ convertTime: String })!);
}
