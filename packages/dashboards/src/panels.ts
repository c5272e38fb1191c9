import { AGGREGATOR_METRICS, FIELDS, MEASUREMENTS, ROLLUP_RETENTION_POLICY } from '@flights/schemas';

/**
 * The dashboards' panels, defined once for Grafana and Chronograf. Queries
 * are InfluxQL with neutral placeholders each renderer replaces with its own
 * variables: `{time}` (the time condition), `{interval}` (the bucket), and
 * `{carrier}`, `{airport}`, `{route}` (a template variable's value, as a
 * tag condition). Every query sums, and none groups by `stream`, so the
 * writers' partial counts always add up (see the README's schema).
 */
export interface InfluxPanel {
  kind: 'influx';
  title: string;
  description: string;
  /** stat: one number; timeseries: lines over time; table: a leaderboard (rows sorted by the first column, largest first). */
  view: 'stat' | 'timeseries' | 'table';
  query: string;
  /** For a leaderboard: the tag each row is, and the ground-truth key the suite compares it with. */
  leaderboard?: { tag: string; truth: 'carriers' | 'departures' | 'arrivals' | 'routes' };
  width: number;
  height: number;
}

export interface PrometheusPanel {
  kind: 'prometheus';
  title: string;
  description: string;
  view: 'stat' | 'timeseries';
  /** PromQL over the aggregator's metrics (names from @flights/schemas). */
  query: string;
  unit?: string;
  width: number;
  height: number;
}

export type Panel = InfluxPanel | PrometheusPanel;

export interface TemplateVariable {
  /** The variable's name, and the tag it filters on. */
  name: 'carrier' | 'airport' | 'route';
  label: string;
  /** The measurement whose tag values it offers. */
  measurement: string;
  /** The InfluxQL that lists the values. */
  query: string;
}

const q = (s: string) => `"${s}"`;
const FLIGHTS = `sum(${q(FIELDS.flights)})`;
const AVG_FARE = `sum(${q(FIELDS.fareSum)}) / sum(${q(FIELDS.fareCount)})`;

export const TEMPLATE_VARIABLES: TemplateVariable[] = [
  {
    name: 'carrier',
    label: 'Carrier',
    measurement: MEASUREMENTS.carrier,
    query: `SHOW TAG VALUES FROM ${q(MEASUREMENTS.carrier)} WITH KEY = "carrier"`,
  },
  {
    name: 'airport',
    label: 'Airport',
    measurement: MEASUREMENTS.departure,
    query: `SHOW TAG VALUES FROM ${q(MEASUREMENTS.departure)} WITH KEY = "airport"`,
  },
  {
    name: 'route',
    label: 'City pair',
    measurement: MEASUREMENTS.route,
    query: `SHOW TAG VALUES FROM ${q(MEASUREMENTS.route)} WITH KEY = "route"`,
  },
];

function leaderboard(
  title: string,
  measurement: string,
  tag: string,
  truth: NonNullable<InfluxPanel['leaderboard']>['truth'],
): InfluxPanel {
  return {
    kind: 'influx',
    view: 'table',
    title,
    width: 6,
    height: 9,
    description: `Flights and exact average fare (sum of fares / fares counted) per ${tag} over the dashboard's time range, busiest first.`,
    query: `SELECT ${FLIGHTS} AS "flights", ${AVG_FARE} AS "avg_fare" FROM ${q(measurement)} WHERE {time} GROUP BY ${q(tag)}`,
    leaderboard: { tag, truth },
  };
}

export const PANELS: Panel[] = [
  {
    kind: 'influx',
    view: 'stat',
    title: 'Flights',
    width: 6,
    height: 4,
    description: 'Flights in the time range.',
    query: `SELECT ${FLIGHTS} AS "flights" FROM ${q(MEASUREMENTS.total)} WHERE {time}`,
  },
  {
    kind: 'influx',
    view: 'stat',
    title: 'Average fare (INR)',
    width: 6,
    height: 4,
    description: 'Exact average fare in the time range: sum of fares / fares counted.',
    query: `SELECT ${AVG_FARE} AS "avg_fare" FROM ${q(MEASUREMENTS.total)} WHERE {time}`,
  },
  {
    kind: 'prometheus',
    view: 'stat',
    title: 'Events counted /s',
    width: 6,
    height: 4,
    description: 'Events the aggregators count per second (all instances).',
    query: `sum(rate(${AGGREGATOR_METRICS.counted}[1m]))`,
    unit: 'ops',
  },
  {
    kind: 'prometheus',
    view: 'stat',
    title: 'Consumer lag (messages)',
    width: 6,
    height: 4,
    description: 'Messages behind the end of the flight topics, summed over partitions.',
    query: `sum(${AGGREGATOR_METRICS.lag})`,
  },
  {
    kind: 'influx',
    view: 'timeseries',
    title: 'Flights per interval',
    width: 12,
    height: 8,
    description: 'All flights, per bucket.',
    query: `SELECT ${FLIGHTS} AS "flights" FROM ${q(MEASUREMENTS.total)} WHERE {time} GROUP BY time({interval}) fill(0)`,
  },
  {
    kind: 'influx',
    view: 'timeseries',
    title: 'Flights of the chosen carriers',
    width: 12,
    height: 8,
    description: 'Flights per bucket of the carriers chosen above.',
    query: `SELECT ${FLIGHTS} AS "flights" FROM ${q(MEASUREMENTS.carrier)} WHERE {carrier} AND {time} GROUP BY time({interval}), "carrier" fill(0)`,
  },
  leaderboard('Top carriers', MEASUREMENTS.carrier, 'carrier', 'carriers'),
  leaderboard('Top departure airports', MEASUREMENTS.departure, 'airport', 'departures'),
  leaderboard('Top arrival airports', MEASUREMENTS.arrival, 'airport', 'arrivals'),
  leaderboard('City pairs', MEASUREMENTS.route, 'route', 'routes'),
  {
    kind: 'influx',
    view: 'table',
    title: 'Top itineraries',
    width: 8,
    height: 9,
    description: 'Whole paths (DEL-BOM-COK): flights, exact average fare and scheduled minutes.',
    query: `SELECT ${FLIGHTS} AS "flights", ${AVG_FARE} AS "avg_fare", sum(${q(FIELDS.durationSum)}) / ${FLIGHTS} AS "avg_minutes" FROM ${q(MEASUREMENTS.itinerary)} WHERE {time} GROUP BY "itinerary"`,
  },
  {
    kind: 'influx',
    view: 'table',
    title: 'Connection hubs',
    width: 8,
    height: 9,
    description: 'Where flights connect: flights through each connecting airport.',
    query: `SELECT ${FLIGHTS} AS "flights" FROM ${q(MEASUREMENTS.hub)} WHERE {time} GROUP BY "airport"`,
  },
  {
    kind: 'influx',
    view: 'table',
    title: 'Busiest legs',
    width: 8,
    height: 9,
    description: 'One hop each (BOM-COK): flights flying it.',
    query: `SELECT ${FLIGHTS} AS "flights" FROM ${q(MEASUREMENTS.leg)} WHERE {time} GROUP BY "leg"`,
  },
  {
    kind: 'influx',
    view: 'timeseries',
    title: 'Average fare of the chosen carriers',
    width: 12,
    height: 8,
    description: 'Exact average fare per bucket (sum of fares / fares counted) of the carriers chosen above.',
    query: `SELECT ${AVG_FARE} AS "avg_fare" FROM ${q(MEASUREMENTS.carrier)} WHERE {carrier} AND {time} GROUP BY time({interval}), "carrier"`,
  },
  {
    kind: 'influx',
    view: 'timeseries',
    title: 'Departures from the chosen airports',
    width: 12,
    height: 8,
    description: 'Departures per bucket from the airports chosen above.',
    query: `SELECT ${FLIGHTS} AS "flights" FROM ${q(MEASUREMENTS.departure)} WHERE {airport} AND {time} GROUP BY time({interval}), "airport" fill(0)`,
  },
  {
    kind: 'influx',
    view: 'timeseries',
    title: 'Flights on the chosen city pairs',
    width: 12,
    height: 8,
    description: 'Flights per bucket on the city pairs chosen above.',
    query: `SELECT ${FLIGHTS} AS "flights" FROM ${q(MEASUREMENTS.route)} WHERE {route} AND {time} GROUP BY time({interval}), "route" fill(0)`,
  },
  {
    kind: 'influx',
    view: 'timeseries',
    title: 'Carriers by the hour (rollups, 400 days)',
    width: 12,
    height: 8,
    description: `Hourly rollups from the "${ROLLUP_RETENTION_POLICY.name}" retention policy, for ranges of days to months; exact sums of the minutes.`,
    query: `SELECT ${FLIGHTS} AS "flights" FROM ${q(ROLLUP_RETENTION_POLICY.name)}.${q(MEASUREMENTS.carrier)} WHERE {time} GROUP BY time(1h), "carrier" fill(0)`,
  },
  {
    kind: 'prometheus',
    view: 'timeseries',
    title: 'Pipeline: points written to InfluxDB /s',
    width: 8,
    height: 8,
    description: 'Points the aggregators write per second (rewrites of an open minute included).',
    query: `sum(rate(${AGGREGATOR_METRICS.pointsWritten}[1m]))`,
    unit: 'ops',
  },
  {
    kind: 'prometheus',
    view: 'timeseries',
    title: 'Pipeline: failed InfluxDB writes /s',
    width: 8,
    height: 8,
    description: 'Writes InfluxDB refused (the aggregator retries them with backoff and commits nothing meanwhile).',
    query: `sum(rate(${AGGREGATOR_METRICS.writeFailures}[5m]))`,
    unit: 'ops',
  },
  {
    kind: 'prometheus',
    view: 'timeseries',
    title: 'Pipeline: late and invalid events /s',
    width: 8,
    height: 8,
    description: 'Events dead-lettered as late or invalid, per second.',
    query: `sum(rate(${AGGREGATOR_METRICS.late}[5m])) + sum(rate(${AGGREGATOR_METRICS.invalid}[5m]))`,
    unit: 'ops',
  },
];
