import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ensureDebianPackages } from '../apt.ts';
import { StackError } from '../errors.ts';
import { INFRA_DIR } from '../paths.ts';
import { isPortFree, readPid, spawnDaemon, stopDaemon, waitUntil } from '../process.ts';
import type { StackConfig } from '../stackConfig.ts';

function influxPaths(config: StackConfig) {
  const home = join(config.dir, 'influxdb');
  return {
    home,
    pidFile: join(home, 'influxd.pid'),
    logFile: join(home, 'influxd.log'),
  };
}

export function installInflux(log: (line: string) => void): void {
  // Debian's influxdb is 1.6.7: the v1 HTTP API (/write, /query, /ping) the project is built on.
  ensureDebianPackages('influxd', ['influxdb', 'influxdb-client'], log);
}

export function influxStatus(config: StackConfig): { pid?: number; logFile: string } {
  const paths = influxPaths(config);
  return { pid: readPid(paths.pidFile), logFile: paths.logFile };
}

export async function influxAnswers(url: string): Promise<boolean> {
  const response = await fetch(`${url}/ping`, { signal: AbortSignal.timeout(2000) });
  return response.status === 204;
}

export async function startInflux(config: StackConfig, log: (line: string) => void): Promise<'started' | 'running'> {
  const paths = influxPaths(config);
  const url = `http://127.0.0.1:${config.influxPort}`;
  const running = readPid(paths.pidFile);
  if (running !== undefined) {
    await waitUntil(`InfluxDB (pid ${running})`, () => influxAnswers(url), { timeoutMs: 30_000, pid: running, logFile: paths.logFile });
    return 'running';
  }
  for (const port of [config.influxPort, config.influxRpcPort]) {
    if (!(await isPortFree(port))) {
      throw new StackError(`port ${port} on 127.0.0.1 is taken by another process; stop it or set INFLUX_PORT / INFLUX_RPC_PORT`);
    }
  }
  installInflux(log);
  mkdirSync(paths.home, { recursive: true });
  const pid = spawnDaemon({
    command: 'influxd',
    args: ['run', '-config', join(INFRA_DIR, 'influxdb', 'influxdb.conf')],
    env: {
      INFLUXDB_META_DIR: join(paths.home, 'meta'),
      INFLUXDB_DATA_DIR: join(paths.home, 'data'),
      INFLUXDB_DATA_WAL_DIR: join(paths.home, 'wal'),
      INFLUXDB_HTTP_BIND_ADDRESS: `127.0.0.1:${config.influxPort}`,
      INFLUXDB_BIND_ADDRESS: `127.0.0.1:${config.influxRpcPort}`,
    },
    logFile: paths.logFile,
    pidFile: paths.pidFile,
  });
  log(`InfluxDB starting (pid ${pid}) on ${url}`);
  await waitUntil('InfluxDB', () => influxAnswers(url), { timeoutMs: 30_000, pid, logFile: paths.logFile });
  return 'started';
}

export async function stopInflux(config: StackConfig): Promise<boolean> {
  return stopDaemon(influxPaths(config).pidFile, 15_000);
}
