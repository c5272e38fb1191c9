import { Point } from '@flights/influx';
import { DIMENSIONS, ENTITY_TAG, FIELDS, MEASUREMENTS, TAGS } from '@flights/schemas';
import type { Tally } from '../window/MinuteCounts.ts';
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
      points.push(tallyPoint(MEASUREMENTS[dimension], stream, snapshot.start, tally).tag(ENTITY_TAG[dimension], entity));
    }
  }
  return points.map((point) => point.toLineProtocol({ convertTime: String })!);
}
