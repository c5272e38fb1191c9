import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSettings } from '@flights/schemas';
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
const pnpm = join(REPO_ROOT, 'node_modules', '.bin', 'pnpm');

function hasScript(app: string, script: string): boolean {
  const file = join(REPO_ROOT, 'apps', app, 'package.json');
  return existsSync(file) && Boolean((JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> }).scripts?.[script]);
}

async function main(): Promise<void> {
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

  const services: ServiceSpec[] = [];
  if (hasScript('aggregator', 'start')) services.push({ name: 'aggregator', command: pnpm, args: ['aggregator'], cwd: REPO_ROOT });
  if (hasScript('web', 'start')) services.push({ name: 'web', command: pnpm, args: ['web'], cwd: REPO_ROOT });
  if (hasScript('replayer', 'cli')) {
    services.push({ name: 'replayer', command: pnpm, args: ['replay', 'send', SAMPLE, '--loop', '--rate', '25', '--quiet'], cwd: REPO_ROOT });
  }
  for (const service of services) supervisor.start(service);

  log(`Kafka ${up.env.KAFKA_BROKERS}, InfluxDB ${up.env.INFLUX_URL} (data in ${config.dir})`);
  if (services.some((s) => s.name === 'web')) {
    log(`dashboard: http://${settings.webHost === '0.0.0.0' ? '127.0.0.1' : settings.webHost}:${settings.webPort}/`);
  }
  log('press Ctrl-C to stop everything');
  if (services.length === 0) await new Promise(() => undefined);
}

main().catch((error: unknown) => {
  console.error(`[demo] error: ${error instanceof StackError ? error.message : (error as Error).stack ?? String(error)}`);
  process.exit(1);
});
