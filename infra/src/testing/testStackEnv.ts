import { join } from 'node:path';
import { LOCAL_DIR } from '../paths.ts';

/**
 * The test suite's own stack: other ports and another data folder than the
 * demo's, so tests can run while a demo is up and never touch its data.
 * Values already in the environment win.
 */
export function applyTestStackEnv(env: NodeJS.ProcessEnv = process.env): void {
  const defaults: Record<string, string> = {
    STACK_DIR: join(LOCAL_DIR, 'test-stack'),
    KAFKA_PORT: '19092',
    INFLUX_PORT: '18086',
  };
  for (const [key, value] of Object.entries(defaults)) env[key] ??= value;
  env.KAFKA_BROKERS ??= `127.0.0.1:${env.KAFKA_PORT}`;
  env.INFLUX_URL ??= `http://127.0.0.1:${env.INFLUX_PORT}`;
}
