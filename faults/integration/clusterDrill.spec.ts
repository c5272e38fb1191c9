import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { separateStackUp, type SeparateStack } from '@flights/infra';
import { killLeader } from '../src/drills/cluster/killLeader.ts';

/**
 * The short cluster drill on three real brokers (replication factor 3,
 * min.insync.replicas 2), on a stack of its own beside the test stack;
 * `pnpm drills` runs every cluster drill in full.
 */
const saved = { ...process.env };
let stack: SeparateStack;

beforeAll(async () => {
  stack = await separateStackUp(
    'cluster-test',
    { kafka: 28092, influx: 28086 },
    (line) => console.log(`[stack] ${line}`),
    {
      cluster: true,
    },
  );
}, 240_000);

afterAll(async () => {
  await stack?.stop();
  process.env = saved;
}, 120_000);

describe('cluster drill (short) on three real Kafka brokers', () => {
  it(`${killLeader.name}: ${killLeader.proves}`, async () => {
    const result = await killLeader.run('short', (line) => console.log(`[${killLeader.name}] ${line}`));
    expect(result.differences, result.did).toEqual([]);
  }, 300_000);
});
