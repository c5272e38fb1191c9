/**
 * Where each demo data set lives: a database, topics and a consumer group of
 * its own, so switching `DEMO_DATASET` never mixes two data sets in one view
 * (a 30-day view ranked the fare file's carriers above New York's when both
 * shared `flights`), and neither's newer event times make the other's history
 * late. The fare file keeps the defaults the docs and dashboards name. A
 * setting the user gave stays as given.
 */
const PLACES: Record<string, Record<string, string>> = {
  fares: {},
  nycflights13: {
    INFLUX_DB: 'flights_nycflights13',
    FLIGHTS_TOPIC: 'flight.events.v1.nycflights13',
    DEAD_LETTER_TOPIC: 'flight.events.dlq.v1.nycflights13',
    MINUTES_TOPIC: 'flight.minutes.v1.nycflights13',
    ALERTS_TOPIC: 'flight.alerts.v1.nycflights13',
    AGGREGATOR_GROUP: 'aggregator-nycflights13',
  },
};

/** The settings that put `dataset` in its own place, less those `env` already sets. */
export function demoDatasetEnv(dataset: string, env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(PLACES[dataset] ?? {}).filter(([name]) => env[name] === undefined));
}
