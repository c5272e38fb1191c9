/**
 * The InfluxDB schema: a public interface that analysts query with InfluxQL.
 * Change it only additively; the README documents every name here.
 */
export const INFLUX_RETENTION_POLICY = { name: 'flights_30d', duration: '30d' } as const;

/** Every aggregate point is one minute of one writer's share of one entity. */
export const MEASUREMENTS = {
  total: 'flights_total',
  carrier: 'flights_by_carrier',
  departure: 'flights_by_departure',
  arrival: 'flights_by_arrival',
  route: 'flights_by_route',
} as const;

export type Dimension = Exclude<keyof typeof MEASUREMENTS, 'total'>;
export const DIMENSIONS: readonly Dimension[] = ['carrier', 'departure', 'arrival', 'route'];

/** The tag that names the entity in each dimension's measurement. */
export const ENTITY_TAG: Record<Dimension, string> = {
  carrier: 'carrier',
  departure: 'airport',
  arrival: 'airport',
  route: 'route',
};

export const TAGS = {
  /**
   * Which source stream wrote the point ("<topic>/<partition>"). Each partition
   * has exactly one owner at a time, so writers never overwrite each other;
   * queries sum over this tag.
   */
  stream: 'stream',
} as const;

export const FIELDS = {
  /** Number of flight events in the minute. */
  flights: 'flights',
  /** Sum of fares (INR) of the events that had a price; average = sum(fare_sum) / sum(fare_count). */
  fareSum: 'fare_sum',
  /** Number of events that had a price. */
  fareCount: 'fare_count',
} as const;
