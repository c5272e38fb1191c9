import { Point } from '@flights/influx';
import { CROSS_MEASUREMENTS, DIMENSIONS, ENTITY_TAG, FIELDS, MEASUREMENTS, TAGS } from '@flights/schemas';
import { splitCrossKey, type Tally } from '../window/MinuteCounts.ts';
import type { MinuteSnapshot } from '../window/PartitionWindows.ts';

function tallyPoint(measurement: string, stream: string, start: number, tally: Tally): Point {
  return new Point(measurement)
    .tag(TAGS.stream, stream)
    .intField(FIELDS.flights, tally.flights)
    .intField(FIELDS.fareSum, tally.fareSum)
    .intField(FIELDS.fareCount, tally.fareCount)
    .timestamp(start);
}

/**
 * One minute of one stream as line protocol: the whole minute every time, so
 * rewriting it is idempotent (InfluxDB overwrites same series + timestamp).
 */
export function minuteLines(snapshot: MinuteSnapshot, stream: string): string[] {
  const points = [tallyPoint(MEASUREMENTS.total, stream, snapshot.start, snapshot.counts.total)];
  for (const dimension of DIMENSIONS) {
    for (const [entity, tally] of snapshot.counts.byDimension[dimension]) {
      const point = tallyPoint(MEASUREMENTS[dimension], stream, snapshot.start, tally).tag(ENTITY_TAG[dimension], entity);
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
