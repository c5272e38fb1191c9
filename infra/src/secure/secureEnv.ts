import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { influxMajor } from '../influx/influxVersions.ts';
import { influxHome, type StackConfig } from '../stackConfig.ts';
import type { StackCredentials } from './credentials.ts';
import type { TlsMaterial } from './tlsMaterial.ts';

export interface SecureMaterial {
  tls: TlsMaterial;
  credentials: StackCredentials;
}

/**
 * What the replayer, the aggregator and the web app need to use a secure
 * stack. The passwords stay in their files: the environment only names them
 * (`*_FILE`), so printing it shows no secret.
 */
export function secureEnv(config: StackConfig, { tls, credentials }: SecureMaterial): Record<string, string> {
  return {
    KAFKA_BROKERS: `127.0.0.1:${config.kafkaPort}`,
    KAFKA_SSL: 'on',
    KAFKA_SSL_CA_FILE: tls.caCert,
    KAFKA_SASL_MECHANISM: 'scram-sha-512',
    KAFKA_SASL_USERNAME: credentials.kafkaUser.user,
    KAFKA_SASL_PASSWORD_FILE: credentials.kafkaUser.file,
    INFLUX_URL: `https://127.0.0.1:${config.influxPort}`,
    INFLUX_CA_FILE: tls.caCert,
    // 2.x: its operator token (made at onboarding); 1.x: the admin user.
    ...(influxMajor(config.influxVersion) === 2
      ? { INFLUX_TOKEN_FILE: join(influxHome(config), 'operator-token') }
      : { INFLUX_USERNAME: credentials.influxAdmin.user, INFLUX_PASSWORD_FILE: credentials.influxAdmin.file }),
    WEB_AUTH_TOKEN_FILE: credentials.webToken.file,
  };
}

export function secureEnvFile(config: StackConfig): string {
  return join(config.dir, 'secure.env');
}

/** Writes `<stack dir>/secure.env`, for `set -a; . <stack dir>/secure.env; set +a`. */
export function writeSecureEnv(config: StackConfig, material: SecureMaterial): string {
  const file = secureEnvFile(config);
  const lines = Object.entries(secureEnv(config, material)).map(([key, value]) => `${key}=${value}`);
  writeFileSync(
    file,
    `# The secure local stack (npx pnpm stack up --secure). Use it with: set -a; . ${file}; set +a\n${lines.join('\n')}\n`,
  );
  return file;
}
