import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { config as readDotEnv } from 'dotenv';
import { TOPICS } from './topics.ts';

/**
 * Every setting of every app, in one table: the README's configuration table
 * is generated from the same names. Precedence: command-line flag, then
 * environment (including a `.env` file at the workspace root), then default.
 */
interface SettingSpec<T> {
  env: string;
  default: string;
  description: string;
  parse: (raw: string) => T;
}

export class SettingError extends Error {
  override name = 'SettingError';
}

function text(raw: string): string {
  const value = raw.trim();
  if (!value) throw new Error('must not be empty');
  return value;
}

function list(raw: string): string[] {
  const items = raw.split(',').map((item) => item.trim()).filter(Boolean);
  if (items.length === 0) throw new Error('must list at least one value');
  return items;
}

/** A TCP port number, 0 (any free port) included. */
export const isTcpPort = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 65535;

function port(raw: string): number {
  const value = Number(raw);
  if (!isTcpPort(value)) throw new Error(`"${raw}" is not a TCP port`);
  return value;
}

function positiveInt(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`"${raw}" is not a whole number >= 0`);
  return value;
}

function onOff(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  throw new Error(`"${raw}" is not on or off`);
}

function url(raw: string): string {
  try {
    return new URL(raw.trim()).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`"${raw}" is not a URL`);
  }
}

export const SETTINGS = {
  kafkaBrokers: {
    env: 'KAFKA_BROKERS',
    default: '127.0.0.1:9092',
    description: 'Kafka bootstrap brokers, comma-separated host:port',
    parse: list,
  },
  flightsTopic: {
    env: 'FLIGHTS_TOPIC',
    default: TOPICS.flights,
    description: 'Topic of flight events (the aggregator accepts a comma-separated list)',
    parse: list,
  },
  deadLetterTopic: {
    env: 'DEAD_LETTER_TOPIC',
    default: TOPICS.deadLetter,
    description: 'Topic for rejected rows and messages, with the reason',
    parse: text,
  },
  influxUrl: {
    env: 'INFLUX_URL',
    default: 'http://127.0.0.1:8086',
    description: 'InfluxDB base URL (v1 HTTP API: /write, /query, /ping)',
    parse: url,
  },
  influxDb: {
    env: 'INFLUX_DB',
    default: 'flights',
    description: 'InfluxDB database',
    parse: text,
  },
  aggregatorGroup: {
    env: 'AGGREGATOR_GROUP',
    default: 'aggregator',
    description: 'Kafka consumer group of the aggregator',
    parse: text,
  },
  allowedLatenessMs: {
    env: 'ALLOWED_LATENESS_MS',
    default: '120000',
    description: 'How late (event time behind the newest seen) an event may be and still count',
    parse: positiveInt,
  },
  aggregatorNetwork: {
    env: 'AGGREGATOR_NETWORK',
    default: 'on',
    description: 'Write the network measurements (itinerary, leg, hub, stops) besides carriers, airports and city pairs: on or off',
    parse: onOff,
  },
  metricsHost: {
    env: 'METRICS_HOST',
    default: '127.0.0.1',
    description: 'Address of the aggregator /metrics and /healthz endpoint',
    parse: text,
  },
  metricsPort: {
    env: 'METRICS_PORT',
    default: '9464',
    description: 'Port of the aggregator /metrics and /healthz endpoint (0 = any free port)',
    parse: port,
  },
  webHost: {
    env: 'WEB_HOST',
    default: '127.0.0.1',
    description: 'Address the web app listens on',
    parse: text,
  },
  webPort: {
    env: 'WEB_PORT',
    default: '3000',
    description: 'Port of the web app (dashboard and websocket)',
    parse: port,
  },
} satisfies Record<string, SettingSpec<unknown>>;

type Specs = typeof SETTINGS;
export type SettingName = keyof Specs;
export type Settings = { [K in SettingName]: ReturnType<Specs[K]['parse']> };

let dotEnvLoaded = false;

/** Reads `<workspace root>/.env` into process.env once; real environment variables win. */
export function loadDotEnv(start = process.cwd()): void {
  if (dotEnvLoaded) return;
  dotEnvLoaded = true;
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) {
      const file = join(dir, '.env');
      if (existsSync(file)) readDotEnv({ path: file, quiet: true });
      return;
    }
    if (dirname(dir) === dir) return;
  }
}

export function loadSettings(
  flags: Partial<Record<SettingName, string | undefined>> = {},
  env: NodeJS.ProcessEnv = process.env,
): Settings {
  if (env === process.env) loadDotEnv();
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SETTINGS) as [SettingName, SettingSpec<unknown>][]) {
    const fromFlag = flags[name];
    const raw = fromFlag ?? env[spec.env] ?? spec.default;
    try {
      out[name] = spec.parse(raw);
    } catch (error) {
      const where = fromFlag !== undefined ? `option for ${spec.env}` : env[spec.env] !== undefined ? spec.env : `default of ${spec.env}`;
      throw new SettingError(`${where}: ${(error as Error).message}`, { cause: error });
    }
  }
  return out as Settings;
}

/** Help text for one setting, for commander's option descriptions. */
export function describeSetting(name: SettingName): string {
  const spec: SettingSpec<unknown> = SETTINGS[name];
  return `${spec.description} (env ${spec.env}, default ${spec.default})`;
}
