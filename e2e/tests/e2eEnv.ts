import { randomUUID } from 'node:crypto';

/**
 * One spec's own topics, consumer group, database and metrics port on the
 * shared test stack (`name` and a random id in each), so specs never read
 * each other's data; the web server takes any free port.
 */
export function e2eEnv(name: string) {
  const id = randomUUID().slice(0, 8);
  return {
    FLIGHTS_TOPIC: `test.e2e-${name}.${id}`,
    DEAD_LETTER_TOPIC: `test.e2e-${name}.${id}.dlq`,
    MINUTES_TOPIC: `test.e2e-${name}.${id}.minutes`,
    ALERTS_TOPIC: `test.e2e-${name}.${id}.alerts`,
    AGGREGATOR_GROUP: `e2e-${name}-${id}`,
    INFLUX_DB: `e2e_${name}_${id}`,
    METRICS_PORT: String(20000 + Math.floor(Math.random() * 20000)),
    WEB_PORT: '0',
  };
}
