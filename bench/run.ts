import { separateStackUp } from '@flights/infra';
import { aggregatorThroughput } from './src/aggregatorThroughput.ts';
import { bundleSize } from './src/bundleSize.ts';
import { fanout } from './src/fanout.ts';
import { freshness } from './src/freshness.ts';
import { ceilingRatios, javaCeilings } from './src/javaCeilings.ts';
import { passwordGuessing } from './src/passwordGuessing.ts';
import { produceCeiling } from './src/produceCeiling.ts';
import { rangeSnapshot } from './src/rangeSnapshot.ts';
import { startup } from './src/startup.ts';
import { replayerThroughput } from './src/replayerThroughput.ts';
import { RESULTS_FILE, saveFigures, type Figures } from './src/results.ts';

/**
 * `pnpm bench [name...]`: runs the benchmarks (all by default) on a stack of
 * their own, prints a table and merges the figures into bench/results.json.
 * BENCH_INFLUXDB_VERSIONS=1.6.7,1.13.2 runs them once per InfluxDB release,
 * one after the other in the same run, each on a stack of its own; every
 * figure's name then ends with `@influxdb-<version>`.
 */
const BENCHMARKS: Record<string, (env: Record<string, string>) => Promise<Figures>> = {
  // First: Kafka's own producer and consumer, the yardstick the replayer and the aggregator are compared with.
  'java-ceilings': (env) => javaCeilings(env, Number(process.env.BENCH_JAVA_ROWS ?? 1_000_000)),
  replayer: (env) => replayerThroughput(env, Number(process.env.BENCH_REPLAYER_ROWS ?? 5_000_000)),
  'bare-produce': (env) => produceCeiling(env, Number(process.env.BENCH_PRODUCE_ROWS ?? 500_000)),
  aggregator: (env) => aggregatorThroughput(env, Number(process.env.BENCH_AGGREGATOR_ROWS ?? 1_000_000)),
  freshness: () => freshness([1000, 5000, 20_000], Number(process.env.BENCH_FRESHNESS_STEP_MS ?? 20_000)),
  fanout: () => fanout(Number(process.env.BENCH_FANOUT_CLIENTS ?? 1000), 20),
  bundle: async () => bundleSize(),
  startup: () => startup(Number(process.env.BENCH_STARTUP_RUNS ?? 5)),
  'password-guessing': () => passwordGuessing(16, Number(process.env.BENCH_GUESSING_SECONDS ?? 20)),
  'snapshot-30d': (env) => rangeSnapshot(env),
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(', ')}; choose from ${Object.keys(BENCHMARKS).join(', ')}`);
  process.exit(2);
}

const figures: Figures = {
  date: new Date().toISOString().slice(0, 10),
  cores: (await import('node:os')).cpus().length,
};
const versions = (process.env.BENCH_INFLUXDB_VERSIONS ?? '').split(',').filter(Boolean);
for (const version of versions.length ? versions : [undefined]) {
  if (version) process.env.INFLUXDB_VERSION = version;
  const name = version ? `bench-influxdb-${version}` : 'bench';
  const stack = await separateStackUp(name, { kafka: 29092, influx: 28086 }, (line) =>
    console.error(`[stack] ${line}`),
  );
  try {
    for (const benchmark of wanted.length ? wanted : Object.keys(BENCHMARKS)) {
      console.error(`\n== ${benchmark}${version ? ` on InfluxDB ${version}` : ''}`);
      const measured = await BENCHMARKS[benchmark]!(stack.env);
      for (const [figure, value] of Object.entries(measured))
        figures[version ? `${figure}@influxdb-${version}` : figure] = value;
    }
  } finally {
    await stack.stop();
  }
}
// Ratios only from figures of this run: side by side, never against another day's ceiling.
Object.assign(figures, ceilingRatios(figures));
saveFigures(figures);
console.table(Object.entries(figures).map(([figure, value]) => ({ figure, value })));
console.log(`figures saved in ${RESULTS_FILE}`);
