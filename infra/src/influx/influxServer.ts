import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent, fetch as undiciFetch } from 'undici';
import { ensureDebianPackages } from '../apt.ts';
import { StackError } from '../errors.ts';
import { INFRA_DIR } from '../paths.ts';
import { isPortFree, readPid, spawnDaemon, stopDaemon, waitUntil } from '../process.ts';
import type { SecureMaterial } from '../secure/secureEnv.ts';
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

/** An https fetch that trusts the stack's own CA (and nothing else). */
function fetchTrusting(caFile: string | undefined): typeof undiciFetch {
  if (!caFile) return undiciFetch;
  const dispatcher = new Agent({ connect: { ca: readFileSync(caFile, 'utf8') } });
  return (input, init) => undiciFetch(input, { ...init, dispatcher });
}

export async function influxAnswers(url: string, caFile?: string): Promise<boolean> {
  const response = await fetchTrusting(caFile)(`${url}/ping`, { signal: AbortSignal.timeout(2000) });
  return response.status === 204;
}

/**
 * With auth on and no user yet, InfluxDB 1.x accepts exactly one statement
 * unauthenticated: creating the first admin. Later starts find it and go on.
 */
async function ensureAdmin(url: string, secure: SecureMaterial): Promise<void> {
  const { user, password } = secure.credentials.influxAdmin;
  const fetchCa = fetchTrusting(secure.tls.caCert);
  const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  const probe = await fetchCa(`${url}/query?q=SHOW%20USERS`, { headers: { authorization }, signal: AbortSignal.timeout(5000) });
  if (probe.status === 200) return;
  const body = new URLSearchParams({ q: `CREATE USER "${user}" WITH PASSWORD '${password}' WITH ALL PRIVILEGES` });
  const created = await fetchCa(`${url}/query`, { method: 'POST', body, signal: AbortSignal.timeout(5000) });
  if (created.status !== 200) throw new StackError(`InfluxDB at ${url} did not accept its first admin user (${created.status}); remove ${url.includes('https') ? 'the secure stack folder' : 'the stack folder'} to start over`);
}

/** A secure stack's InfluxDB: auth on, https with the stack's certificate. */
function secureServerEnv(secure: SecureMaterial | undefined): Record<string, string> {
  if (!secure) return {};
  return {
    INFLUXDB_HTTP_AUTH_ENABLED: 'true',
    INFLUXDB_HTTP_HTTPS_ENABLED: 'true',
    INFLUXDB_HTTP_HTTPS_CERTIFICATE: secure.tls.serverCert,
    INFLUXDB_HTTP_HTTPS_PRIVATE_KEY: secure.tls.serverKey,
  };
}

export async function startInflux(config: StackConfig, log: (line: string) => void, secure?: SecureMaterial): Promise<'started' | 'running'> {
  const paths = influxPaths(config);
  const url = `${secure ? 'https' : 'http'}://127.0.0.1:${config.influxPort}`;
  const answers = () => influxAnswers(url, secure?.tls.caCert);
  const running = readPid(paths.pidFile);
  if (running !== undefined) {
    await waitUntil(`InfluxDB (pid ${running})`, answers, { timeoutMs: 30_000, pid: running, logFile: paths.logFile });
    if (secure) await ensureAdmin(url, secure);
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
      ...secureServerEnv(secure),
    },
    logFile: paths.logFile,
    pidFile: paths.pidFile,
  });
  log(`InfluxDB starting (pid ${pid}) on ${url}${secure ? ' (auth, https)' : ''}`);
  await waitUntil('InfluxDB', answers, { timeoutMs: 30_000, pid, logFile: paths.logFile });
  if (secure) await ensureAdmin(url, secure);
  return 'started';
}

export async function stopInflux(config: StackConfig): Promise<boolean> {
  return stopDaemon(influxPaths(config).pidFile, 15_000);
}
