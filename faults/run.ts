import { separateStackUp } from '@flights/infra';
import type { DrillResult } from './src/drill.ts';
import { DRILLS } from './src/drills/index.ts';

/**
 * `pnpm drills [name...] [--short]`: the full fault drills (all by default)
 * on a stack of their own; prints what each did and exits 1 if any total is off.
 */
const args = process.argv.slice(2);
const size = args.includes('--short') ? 'short' : 'full';
const wanted = args.filter((arg) => !arg.startsWith('--'));
const unknown = wanted.filter((name) => !DRILLS.some((drill) => drill.name === name));
if (unknown.length) {
  console.error(`unknown drill ${unknown.join(', ')}; choose from ${DRILLS.map((drill) => drill.name).join(', ')}`);
  process.exit(2);
}

const stack = await separateStackUp('drills', { kafka: 26092, influx: 26086 }, (line) =>
  console.error(`[stack] ${line}`),
);
const results: DrillResult[] = [];
try {
  for (const drill of DRILLS.filter((d) => wanted.length === 0 || wanted.includes(d.name))) {
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
console.table(
  results.map((r) => ({
    drill: r.drill,
    result: r.differences.length === 0 ? 'exact' : `${r.differences.length} differences`,
  })),
);
process.exit(results.every((r) => r.differences.length === 0) ? 0 : 1);
