import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackConfig, stackDown, stackUp, type StackUp } from '../../src/index.ts';

export interface SecureTestStack extends StackUp {
  /** Every password and token of the stack: what no output may contain. */
  secrets(): string[];
  stop(): Promise<void>;
}

/**
 * The test stack's secure twin (SASL_SSL Kafka, InfluxDB with auth and
 * https), started beside the plain one on its own ports; stopped again only
 * if this call started it.
 */
export async function secureStackUp(log: (line: string) => void): Promise<SecureTestStack> {
  const config = stackConfig(process.env, { secure: true });
  const up = await stackUp(config, log);
  const credentials = join(config.dir, 'credentials');
  return {
    ...up,
    secrets: () => [
      ...readdirSync(credentials).map((file) => readFileSync(join(credentials, file), 'utf8').trim()),
      readFileSync(join(config.dir, 'tls', 'keystore-password'), 'utf8').trim(),
      // 2.x: the operator token and the passwords made at its onboarding.
      ...['operator-token', 'admin-password', 'v1-password']
        .map((file) => join(config.dir, 'influxdb2', file))
        .filter((file) => existsSync(file))
        .map((file) => readFileSync(file, 'utf8').trim()),
    ],
    stop: () => stackDown(config, up.started),
  };
}
