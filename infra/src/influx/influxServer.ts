import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InfluxError, InfluxV1Client, quoteIdent, quoteString } from '@flights/influx';
import { ensureDebianPackages } from '../apt.ts';
import { StackError } from '../errors.ts';
import { INFRA_DIR } from '../paths.ts';
import { isPortFree, readPid, spawnDaemon, stopDaemon, waitUntil } from '../process.ts';
import type { SecureMaterial } from '../secure/secureEnv.ts';
import { influxHome, influxHomes, type StackConfig } from '../stackConfig.ts';
import { buildInflux } from './buildInflux.ts';
import { influxMajor, isDebianInflux } from './influxVersions.ts';
import { onboard2x, start2xArgs } from './influx2Setup.ts';

function influxPaths(config: StackConfig, home = influxHome(config)) {
  return {
    home,
    pidFile: join(home, 'influxd.pid'),
    logFile: join(home, 'influxd.log'),
  };
}

/** The influxd of this release, installed or built when missing; its path (or name on PATH). */
export async function installInflux(version: string, log: (line: string) => void): Promise<string> {
  if (!isDebianInflux(version)) return buildInflux(version, log);
  // Debian's influxdb is 1.6.7: the v1 HTTP API (/write, /query, /ping) the project is built on.
  ensureDebianPackages('influxd', ['influxdb', 'influxdb-client'], log);
  return 'influxd';
}

/** How a 1.x server is started: the project's configuration, its folders and loopback ports in the environment. */
function start1xArgs(config: StackConfig, home: string, secure: SecureMaterial | undefined) {
  return {
    args: ['run', '-config', join(INFRA_DIR, 'influxdb', 'influxdb.conf')],
    env: {
      INFLUXDB_META_DIR: join(home, 'meta'),
      INFLUXDB_DATA_DIR: join(home, 'data'),
      INFLUXDB_DATA_WAL_DIR: join(home, 'wal'),
      INFLUXDB_HTTP_BIND_ADDRESS: `127.0.0.1:${config.influxPort}`,
      INFLUXDB_BIND_ADDRESS: `127.0.0.1:${config.influxRpcPort}`,
      // The index current 1.x deployments run (InfluxData's advice since 1.5); Debian's 1.6.7 keeps the config's inmem.
      ...(isDebianInflux(config.influxVersion) ? {} : { INFLUXDB_DATA_INDEX_VERSION: 'tsi1' }),
      ...secureServerEnv(secure),
    },
  };
}

/**
 * This stack's InfluxDB folders, this INFLUXDB_VERSION's first: a server started under another
 * (`INFLUXDB_VERSION=2.8.0 … up`, then `stack down` without it) is still found and stopped.
 */
function everyInfluxPaths(config: StackConfig) {
  return influxHomes(config).map((home) => influxPaths(config, home));
}

export function influxStatus(config: StackConfig): { pid?: number; logFile: string } {
  const running = everyInfluxPaths(config).find((paths) => readPid(paths.pidFile) !== undefined);
  const paths = running ?? influxPaths(config);
  return { pid: readPid(paths.pidFile), logFile: paths.logFile };
}

/** The project's own client, trusting the stack's CA when it has one: the probes verify what they talk to, as the apps do. */
function stackClient(
  url: string,
  caFile: string | undefined,
  options: { username?: string; password?: string; timeoutMs?: number } = {},
): InfluxV1Client {
  return new InfluxV1Client({
    url,
    database: '',
    ca: caFile ? readFileSync(caFile, 'utf8') : undefined,
    timeoutMs: 5000,
    ...options,
  });
}

export async function influxAnswers(url: string, caFile?: string): Promise<boolean> {
  return stackClient(url, caFile, { timeoutMs: 2000 }).ping();
}

/** The release a running server reports (`/ping`): what `stack status` shows, whatever INFLUXDB_VERSION says now. */
export async function influxVersionAt(url: string, caFile?: string): Promise<string | undefined> {
  return stackClient(url, caFile, { timeoutMs: 2000 })
    .serverVersion()
    .catch(() => undefined);
}

/**
 * With auth on and no user yet, InfluxDB 1.x accepts exactly one statement
 * unauthenticated: creating the first admin. Later starts find it and go on.
 */
async function ensureAdmin(url: string, secure: SecureMaterial): Promise<void> {
  const { user, password } = secure.credentials.influxAdmin;
  try {
    await stackClient(url, secure.tls.caCert, { username: user, password }).query('SHOW USERS');
    return;
  } catch (error) {
    if (!(error instanceof InfluxError) || error.retriable) throw error;
  }
  await stackClient(url, secure.tls.caCert)
    .query(`CREATE USER ${quoteIdent(user)} WITH PASSWORD ${quoteString(password)} WITH ALL PRIVILEGES`, {
      mutate: true,
    })
    .catch((error: Error) => {
      throw new StackError(
        `InfluxDB at ${url} did not accept its first admin user (${error.message}); remove the secure stack folder to start over`,
      );
    });
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

export async function startInflux(
  config: StackConfig,
  log: (line: string) => void,
  secure?: SecureMaterial,
): Promise<'started' | 'running'> {
  const paths = influxPaths(config);
  const url = `${secure ? 'https' : 'http'}://127.0.0.1:${config.influxPort}`;
  const answers = () => influxAnswers(url, secure?.tls.caCert);
  const running = readPid(paths.pidFile);
  if (running !== undefined) {
    await waitUntil(`InfluxDB (pid ${running})`, answers, { timeoutMs: 120_000, pid: running, logFile: paths.logFile });
    if (influxMajor(config.influxVersion) === 2) await onboard2x(url, paths.home, secure, log);
    else if (secure) await ensureAdmin(url, secure);
    return 'running';
  }
  for (const port of [config.influxPort, config.influxRpcPort]) {
    if (!(await isPortFree(port))) {
      throw new StackError(
        `port ${port} on 127.0.0.1 is taken by another process; stop it or set INFLUX_PORT / INFLUX_RPC_PORT`,
      );
    }
  }
  const binary = await installInflux(config.influxVersion, log);
  mkdirSync(paths.home, { recursive: true });
  const major = influxMajor(config.influxVersion);
  const { args, env } = major === 2 ? start2xArgs(config, paths.home, secure) : start1xArgs(config, paths.home, secure);
  const pid = spawnDaemon({ command: binary, args, env, logFile: paths.logFile, pidFile: paths.pidFile });
  log(`InfluxDB ${config.influxVersion} starting (pid ${pid}) on ${url}${secure ? ' (auth, https)' : ''}`);
  // InfluxDB opens every shard before it listens: a data folder with many databases (the bench's) takes over 30 s.
  await waitUntil('InfluxDB', answers, {
    timeoutMs: 120_000,
    pid,
    logFile: paths.logFile,
    stopOnTimeout: paths.pidFile,
  });
  if (major === 2) await onboard2x(url, paths.home, secure, log);
  else if (secure) await ensureAdmin(url, secure);
  return 'started';
}

export async function stopInflux(config: StackConfig): Promise<boolean> {
  const stopped = await Promise.all(everyInfluxPaths(config).map((paths) => stopDaemon(paths.pidFile, 15_000)));
  return stopped.some(Boolean);
}
