import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBucketMappings, InfluxV1Client, tokenOrganization } from '@flights/influx';
import { INFLUX_RETENTION_POLICY, ROLLUP_RETENTION_POLICY } from '@flights/schemas';
import { StackError } from '../errors.ts';
import type { SecureMaterial } from '../secure/secureEnv.ts';
import type { StackConfig } from '../stackConfig.ts';

/** The organization the local 2.x server is set up with. */
export const LOCAL_ORG = 'flights';
/** The database the apps use by default (INFLUX_DB), mapped to its buckets at onboarding. */
const DEFAULT_DATABASE = 'flights';
/** The v1 user (user name and password) for tools that speak only 1.x auth: Grafana's InfluxQL source, `influx` 1.x. */
export const V1_USER = 'flights';

/** The operator token, made at onboarding: what the apps send as INFLUX_TOKEN (stackEnv's INFLUX_TOKEN_FILE). */
export function operatorTokenFile(home: string): string {
  return join(home, 'operator-token');
}

/** The v1 user's password, beside the token. */
export function v1PasswordFile(home: string): string {
  return join(home, 'v1-password');
}

/** How a 2.x server is started: its own folders, loopback, no reporting to InfluxData, quiet logs. */
export function start2xArgs(config: StackConfig, home: string, secure: SecureMaterial | undefined) {
  const args = [
    '--bolt-path',
    join(home, 'influxd.bolt'),
    '--engine-path',
    join(home, 'engine'),
    '--http-bind-address',
    `127.0.0.1:${config.influxPort}`,
    '--reporting-disabled',
    '--log-level',
    'warn',
  ];
  if (secure) args.push('--tls-cert', secure.tls.serverCert, '--tls-key', secure.tls.serverKey);
  return { args, env: {} };
}

function readOrMake(file: string): string {
  if (!existsSync(file)) writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/**
 * A new 2.x server's onboarding, done from here rather than its UI: the
 * organization, the operator token (kept in the stack folder), the default
 * database's buckets and DBRP mappings (minutes and rollups), and a v1 user
 * for tools that speak only 1.x auth. Later starts find it done and go on.
 */
export async function onboard2x(
  url: string,
  home: string,
  secure: SecureMaterial | undefined,
  log: (line: string) => void,
): Promise<void> {
  const token = readOrMake(operatorTokenFile(home));
  const ca = secure ? readFileSync(secure.tls.caCert, 'utf8') : undefined;
  const anonymous = new InfluxV1Client({ url, database: DEFAULT_DATABASE, ca });
  const { allowed } = await anonymous.apiV2<{ allowed: boolean }>('GET', '/api/v2/setup');
  if (allowed) {
    await anonymous.apiV2('POST', '/api/v2/setup', {
      username: 'admin',
      password: readOrMake(join(home, 'admin-password')),
      org: LOCAL_ORG,
      bucket: `${DEFAULT_DATABASE}/${INFLUX_RETENTION_POLICY.name}`,
      retentionPeriodSeconds: 30 * 86_400,
      token,
    });
    log(`InfluxDB 2.x set up: organization "${LOCAL_ORG}", operator token in ${operatorTokenFile(home)}`);
  }
  const client = new InfluxV1Client({ url, database: DEFAULT_DATABASE, token, ca });
  await ensureBucketMappings(client, [
    { ...INFLUX_RETENTION_POLICY, default: true },
    { ...ROLLUP_RETENTION_POLICY },
  ]).catch((error: Error) => {
    throw new StackError(`InfluxDB 2.x at ${url} refused the setup (${error.message}); remove ${home} to start over`);
  });
  await ensureV1User(client, home);
}

interface LegacyAuthorization {
  id: string;
  token: string;
}

/** A v1 authorization (user `flights`) that reads and writes every bucket of the organization. */
async function ensureV1User(client: InfluxV1Client, home: string): Promise<void> {
  const { authorizations } = await client.apiV2<{ authorizations: LegacyAuthorization[] }>(
    'GET',
    '/private/legacy/authorizations',
  );
  if (authorizations.some((auth) => auth.token === V1_USER)) return;
  const { id: orgID } = await tokenOrganization(client);
  const permissions = ['read', 'write'].map((action) => ({ action, resource: { type: 'buckets', orgID } }));
  const auth = await client.apiV2<LegacyAuthorization>('POST', '/private/legacy/authorizations', {
    orgID,
    token: V1_USER,
    permissions,
  });
  await client.apiV2('POST', `/private/legacy/authorizations/${auth.id}/password`, {
    password: readOrMake(v1PasswordFile(home)),
  });
}
