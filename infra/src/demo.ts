import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { loadSettings } from '@flights/schemas';
import { APP_ENTRIES, appProcess } from './appEntries.ts';
import { REPO_ROOT } from './paths.ts';
import { StackError, stackConfig, stackDown, stackUp } from './stack.ts';
import { Supervisor, type ServiceSpec } from './supervisor.ts';

/**
 * `npm run demo`: the stack, the aggregator, the web app and a looping replay
 * of the bundled sample, until Ctrl-C; then everything it started is stopped,
 * Kafka's JVM included. Servers that were already running are left running.
 */
const log = (line: string) => console.log(`[demo]        ${line}`);
const SAMPLE = join('apps', 'replayer', 'samples', 'flights-sample.csv');

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
  supervisor.start(app('replayer', ['send', SAMPLE, '--loop', '--rate', '25', '--quiet']));

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
