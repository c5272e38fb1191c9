import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InfluxV1Client } from '@flights/influx';
import { FIELDS, loadSettings, MEASUREMENTS } from '@flights/schemas';
import { APP_ENTRIES, appProcess } from './appEntries.ts';
import { LOCAL_DIR, REPO_ROOT } from './paths.ts';
import { StackError, stackConfig, stackDown, stackUp } from './stack.ts';
import { Supervisor, type ServiceSpec } from './supervisor.ts';

/**
 * `npm run demo`: the stack, the aggregator, the web app and a replay that
 * first fills the past 30 days with a generated month (10,683 flights, the
 * real file's mix) and then loops it live at 25 flights/s, until Ctrl-C; then everything it started is stopped,
 * Kafka's JVM included. Servers that were already running are left running.
 */
const log = (line: string) => console.log(`[demo]        ${line}`);
/** As many flights as the real file holds, drawn from its distributions; generated once (seeded, so always the same). */
const MONTH = join(LOCAL_DIR, 'demo', 'month-10683.csv');

/** Flights InfluxDB holds from the last 30 days (0 for a fresh stack, or when the database does not exist yet). */
async function recentFlights(url: string, database: string): Promise<number> {
  const influx = new InfluxV1Client({ url, database });
  const [total] = await influx.query(`SELECT sum(${FIELDS.flights}) AS flights FROM ${MEASUREMENTS.total} WHERE time > now() - 30d`).catch(() => []);
  return Number(total?.rows[0]?.flights ?? 0);
}

function generateMonth(): void {
  if (existsSync(MONTH)) return;
  log('generating a month of flights with the real file\'s mix');
  mkdirSync(dirname(MONTH), { recursive: true });
  const entry = appProcess(APP_ENTRIES.replayer, ['generate', MONTH, '--rows', '10683']);
  execFileSync(entry.command, entry.args, { cwd: entry.cwd, env: { ...process.env, ...entry.env }, stdio: 'inherit' });
}

const app = (name: keyof typeof APP_ENTRIES, args: string[] = []): ServiceSpec => ({ name, ...appProcess(APP_ENTRIES[name], args) });

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

async function main(): Promise<void> {
  log('building the web client');
  execFileSync(join(REPO_ROOT, 'node_modules', '.bin', 'pnpm'), ['--filter', '@flights/web', 'run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: 'inherit' });
  generateMonth();
  const config = stackConfig();
  const up = await stackUp(config, log);
  Object.assign(process.env, up.env);
  const settings = loadSettings();

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (code: number) => {
    shuttingDown ??= (async () => {
      log('stopping');
      await supervisor.stopAll();
      await stackDown(config, up.started);
      log('stopped');
      process.exit(code);
    })();
    return shuttingDown;
  };
  const supervisor = new Supervisor((name, code) => {
    log(`${name} exited unexpectedly (code ${code}); stopping the demo`);
    void shutdown(1);
  });
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  supervisor.start(app('aggregator'));
  supervisor.start(app('web'));
  // A month of history first (as fast as Kafka takes it), then live at 25 flights/s. A stack
  // that already holds recent flights gets the live part only: the aggregator has seen newer
  // event times there, so a month replayed into the past would be late data, dead-lettered.
  const history = (await recentFlights(settings.influxUrl, settings.influxDb)) === 0;
  if (!history) log(`InfluxDB already holds the last 30 days: replaying live only (for a fresh month: npm run stack down, then rm -rf ${config.dir})`);
  supervisor.start(app('replayer', ['send', MONTH, ...(history ? ['--clock', 'history', '--span', '30d'] : []), '--loop', '--rate', '25', '--quiet']));

  log(`Kafka ${up.env.KAFKA_BROKERS}, InfluxDB ${up.env.INFLUX_URL} (data in ${config.dir})`);
  const url = `http://${settings.webHost === '0.0.0.0' ? '127.0.0.1' : settings.webHost}:${settings.webPort}/`;
  if (await waitForWeb(url)) log(`dashboard: ${url}`);
  else log(`the web server did not answer on ${url} within a minute; see its output above`);
  log('press Ctrl-C to stop everything');
}

main().catch((error: unknown) => {
  console.error(`[demo] error: ${error instanceof StackError ? error.message : (error as Error).stack ?? String(error)}`);
  process.exit(1);
});
