import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Credential {
  user: string;
  /** The file that holds the password (mode 600): what `*_FILE` settings point at. */
  file: string;
  password: string;
}

export interface StackCredentials {
  /** Kafka's inter-broker user (SCRAM-SHA-512 and PLAIN). */
  kafkaAdmin: Credential;
  /** The apps' Kafka user (PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512). */
  kafkaUser: Credential;
  /** InfluxDB's admin: creates databases, retention policies and continuous queries. */
  influxAdmin: Credential;
  /** The dashboard's shared token (WEB_AUTH_TOKEN_FILE). */
  webToken: Credential;
}

/** 32 random bytes: 43 characters, past the dashboard's minimum token length of 32. */
const SECRET_BYTES = 32;

function credential(dir: string, user: string, name: string): Credential {
  const file = join(dir, name);
  // Folders made before secrets grew to 32 bytes get a new one: the dashboard refuses a short token.
  const short = existsSync(file) && readFileSync(file, 'utf8').trim().length < 32;
  if (!existsSync(file) || short) writeFileSync(file, randomBytes(SECRET_BYTES).toString('base64url'), { mode: 0o600 });
  return { user, file, password: readFileSync(file, 'utf8').trim() };
}

/** Random passwords, made once per stack folder and kept in files only its owner reads. */
export function ensureCredentials(stackDir: string): StackCredentials {
  const dir = join(stackDir, 'credentials');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return {
    kafkaAdmin: credential(dir, 'admin', 'kafka-admin'),
    kafkaUser: credential(dir, 'flights', 'kafka-flights'),
    influxAdmin: credential(dir, 'admin', 'influx-admin'),
    webToken: credential(dir, 'web', 'web-token'),
  };
}
