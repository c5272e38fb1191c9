import { separateStackUp } from '@flights/infra';
import type { Drill, DrillResult, DrillSize } from './src/drill.ts';
import { CLUSTER_DRILLS } from './src/drills/cluster/index.ts';
import { DRILLS } from './src/drills/index.ts';

/**
 * `pnpm drills [name...] [--short]`: the full fault drills (all by default), the single-broker ones on a stack of
 * their own, then the three-broker ones on a cluster stack of their own; prints what each did and exits 1 if any
 * total is off.
 */
const args = process.argv.slice(2);
const size: DrillSize = args.includes('--short') ? 'short' : 'full';
const wanted = args.filter((arg) => !arg.startsWith('--'));
const everyDrill = [...DRILLS, ...CLUSTER_DRILLS];
const unknown = wanted.filter((name) => !everyDrill.some((drill) => drill.name === name));
if (unknown.length) {
  console.error(`unknown drill ${unknown.join(', ')}; choose from ${everyDrill.map((drill) => drill.name).join(', ')}`);
  process.exit(2);
}
const chosen = (drills: readonly Drill[]) => drills.filter((d) => wanted.length === 0 || wanted.includes(d.name));

async function runOn(
  name: string,
  ports: { kafka: number; influx: number },
  cluster: boolean,
  drills: Drill[],
): Promise<DrillResult[]> {
  if (!drills.length) return [];
  const stack = await separateStackUp(name, ports, (line) => console.error(`[stack] ${line}`), { cluster });
  const results: DrillResult[] = [];
  try {
    for (const drill of drills) {
      console.error(`\n== ${drill.name} (${size}): ${drill.proves}`);
      const started = Date.now();
      const result = await drill
        .run(size, (line) => console.error(`[${drill.name}] ${line}`))
        .catch((error: unknown) => ({
          drill: drill.name,
          did: 'did not finish',
          differences: [`failed: ${(error as Error).message}`],
        }));
      results.push(result);
      console.error(
        `${result.differences.length === 0 ? 'EXACT' : 'OFF'} in ${Math.round((Date.now() - started) / 1000)} s: ${result.did}`,
      );
      for (const difference of result.differences) console.error(`  ${difference}`);
    }
  } finally {
    await stack.stop();
  }
  return results;
}

const results = [
  ...(await runOn('drills', { kafka: 26092, influx: 26086 }, false, chosen(DRILLS))),
  ...(await runOn('cluster-drills', { kafka: 27092, influx: 27086 }, true, chosen(CLUSTER_DRILLS))),
];
console.table(
  results.map((r) => ({
    drill: r.drill,
    result: r.differences.length === 0 ? 'exact' : `${r.differences.length} differences`,
  })),
);
process.exit(results.every((r) => r.differences.length === 0) ? 0 : 1);
