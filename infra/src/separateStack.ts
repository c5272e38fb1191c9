import { join } from 'node:path';
import { LOCAL_DIR } from './paths.ts';
import { stackConfig, stackDown, stackUp, type StackUp } from './stack.ts';

export interface SeparateStack extends StackUp {
  /** Stops what `separateStackUp` started. */
  stop(): Promise<void>;
}

/**
 * A stack of its own for the benchmarks and the fault drills: other ports and
 * data in `.local/<name>-stack`, so they neither disturb a demo nor measure
 * its load. `<NAME>_KAFKA_PORT`, `<NAME>_INFLUX_PORT` and `<NAME>_STACK_DIR`
 * override the defaults; `cluster`: three brokers (stackConfig's `cluster`, on
 * the Kafka port + 100). The stack's settings go into process.env, so the
 * helpers that start apps reach this stack and stackConfig() describes it.
 */
export async function separateStackUp(
  name: string,
  ports: { kafka: number; influx: number },
  log: (line: string) => void,
  options: { cluster?: boolean } = {},
): Promise<SeparateStack> {
  const prefix = name.toUpperCase();
  const where = {
    STACK_DIR: process.env[`${prefix}_STACK_DIR`] ?? join(LOCAL_DIR, `${name}-stack`),
    KAFKA_PORT: process.env[`${prefix}_KAFKA_PORT`] ?? String(ports.kafka),
    INFLUX_PORT: process.env[`${prefix}_INFLUX_PORT`] ?? String(ports.influx),
  };
  const config = stackConfig({ ...process.env, ...where }, options);
  const up = await stackUp(config, log);
  // stackConfig() now names this stack too: a drill that restarts a server restarts this one.
  Object.assign(process.env, where, up.env);
  return { ...up, stop: () => stackDown(config, up.started) };
}
