import { spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_DIR, REPO_ROOT } from '../src/paths.ts';
import { isPortFree } from '../src/process.ts';
import { stackDown } from '../src/stack.ts';
import { stackConfig } from '../src/stackConfig.ts';

/** A stack, web server and metrics port of the demo's own, beside the suite's. */
// Below 32768: Linux hands out 32768–60999 as the local ports of outgoing connections, and a long-lived one
// (a broker's own, a client's keep-alive) on one of these ports made a run find it taken.
const PORTS = { KAFKA_PORT: 25192, INFLUX_PORT: 25186, WEB_PORT: 25391, METRICS_PORT: 25564 };
const STACK_DIR = join(LOCAL_DIR, 'demo-signals-stack');
const ports = () => [
  PORTS.KAFKA_PORT,
  PORTS.KAFKA_PORT + 1,
  PORTS.INFLUX_PORT,
  PORTS.INFLUX_PORT + 2,
  PORTS.WEB_PORT,
  PORTS.METRICS_PORT,
];

/** Processes whose command line names the demo's stack folder (Kafka's JVM, influxd) or that are in npm's process group. */
function leftovers(group: number): string[] {
  const ps = spawnSync('ps', ['-eo', 'pid=,pgid=,args='], { encoding: 'utf8' }).stdout.split('\n');
  return ps.filter((line) => {
    const [, pgid] = line.trim().split(/\s+/);
    return (Number(pgid) === group || line.includes(STACK_DIR)) && !line.includes('ps -eo');
  });
}

async function busyPorts(): Promise<number[]> {
  const busy: number[] = [];
  for (const port of ports()) if (!(await isPortFree(port))) busy.push(port);
  return busy;
}

/** `npm run demo` as a user starts it, in a process group of its own; resolves once the dashboard URL is printed. */
async function startDemo(): Promise<{ npm: ReturnType<typeof spawn>; output: () => string }> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    STACK_DIR,
    ...Object.fromEntries(Object.entries(PORTS).map(([k, v]) => [k, String(v)])),
  };
  for (const name of ['KAFKA_BROKERS', 'INFLUX_URL', 'INFLUX_DB', 'FLIGHTS_TOPIC', 'AGGREGATOR_GROUP'])
    delete env[name];
  const npm = spawn('npm', ['run', 'demo'], { cwd: REPO_ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  npm.stdout!.on('data', (chunk) => (output += chunk));
  npm.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 150_000;
  while (!output.includes('[demo]        dashboard:') && Date.now() < deadline && npm.exitCode === null)
    await sleep(250);
  if (!output.includes('[demo]        dashboard:'))
    throw new Error(`the demo did not come up:\n${output.slice(-3000)}`);
  return { npm, output: () => output };
}

afterAll(async () => {
  // Whatever a failed case left behind: the demo stack's servers (by their pid files), then anything naming its folder.
  await stackDown(
    stackConfig({ STACK_DIR, KAFKA_PORT: String(PORTS.KAFKA_PORT), INFLUX_PORT: String(PORTS.INFLUX_PORT) }),
  );
  for (const line of leftovers(-1)) process.kill(Number(line.trim().split(/\s+/)[0]), 'SIGKILL');
  rmSync(STACK_DIR, { recursive: true, force: true });
});

describe('npm run demo stops everything it started', () => {
  // SIGHUP: npm dies without passing it on, so this is also the case of the demo's launcher dying.
  it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    'on %s to npm: no process and no port left behind',
    async (signal) => {
      expect(await busyPorts()).toEqual([]);
      const { npm, output } = await startDemo();
      process.kill(npm.pid!, signal);
      const deadline = Date.now() + 60_000;
      while ((leftovers(npm.pid!).length || (await busyPorts()).length) && Date.now() < deadline) await sleep(500);
      expect(leftovers(npm.pid!), output().slice(-2000)).toEqual([]);
      expect(await busyPorts()).toEqual([]);
      expect(output()).toContain('[demo]        stopped');
    },
    240_000,
  );
});
