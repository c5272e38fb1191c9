import { join } from 'node:path';
import { stackConfig, stackUp, stackDown, type StackUp } from '@flights/infra';
import { REPO_ROOT } from '@flights/testing';

/**
 * Benchmarks run on their own stack (ports 29092/28086, data in
 * .local/bench-stack) so they neither disturb a demo nor measure its load.
 */
export async function benchStackUp(): Promise<StackUp & { stop: () => Promise<void> }> {
  const env = {
    ...process.env,
    STACK_DIR: process.env.BENCH_STACK_DIR ?? join(REPO_ROOT, '.local', 'bench-stack'),
    KAFKA_PORT: process.env.BENCH_KAFKA_PORT ?? '29092',
    INFLUX_PORT: process.env.BENCH_INFLUX_PORT ?? '28086',
  };
  const config = stackConfig(env);
  const up = await stackUp(config, (line) => console.error(`[stack] ${line}`));
  return { ...up, stop: () => stackDown(config, up.started) };
}
