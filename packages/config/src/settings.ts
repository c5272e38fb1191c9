import { TOPICS } from '@flights/schemas';
import { list, onOff, oneOf, port, positiveInt, secret, text, url } from './parsers.ts';

/**
 * One setting: where it comes from, its default, what it means. The
 * README's configuration table lists the same names and defaults. A setting
 * without a default is unset unless given; a secret is read from `<env>` or
 * from the file named by `<env>_FILE` (the Docker and Kubernetes way), has no
 * command-line flag (argv is visible to every user of the machine), and is
 * never echoed: see redact.ts.
 */
export interface SettingSpec<T> {
  env: string;
  /** Raw default; absent: the setting is unset (undefined) unless given. */
  default?: string;
  description: string;
  parse: (raw: string) => T;
  secret?: true;
}

export const SASL_MECHANISMS = ['none', 'plain', 'scram-sha-256', 'scram-sha-512'] as const;
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** Where the apps find Kafka and InfluxDB, and which topics and database they use. */
const CONNECTIONS = {
  kafkaBrokers: {
    env: 'KAFKA_BROKERS',
    default: '127.0.0.1:9092',
    description: 'Kafka bootstrap brokers, comma-separated host:port',
    parse: list,
  },
  kafkaRetries: {
    env: 'KAFKA_RETRIES',
    default: '8',
    description:
      'How often a failed Kafka request is tried again, 0.3 s doubling to 30 s apart (8: about a minute); then the replayer exits 3 and the aggregator reopens its stream at the committed offsets',
    parse: positiveInt,
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
  minutesTopic: {
    env: 'MINUTES_TOPIC',
    default: TOPICS.minutes,
    description:
      "Topic of the aggregators' open minutes (compacted, kept 2.5 hours): written by the aggregator, read by every web server for the live edge",
    parse: text,
  },
  alertsTopic: {
    env: 'ALERTS_TOPIC',
    default: TOPICS.alerts,
    description:
      'Topic of alert transitions (kept a week): written by every web server with ALERT_RULES, told once by one of them',
    parse: text,
  },
  influxUrl: {
    env: 'INFLUX_URL',
    default: 'http://127.0.0.1:8086',
    description: 'InfluxDB base URL (v1 HTTP API: /write, /query, /ping); https:// for TLS',
    parse: url,
  },
  influxDb: {
    env: 'INFLUX_DB',
    default: 'flights',
    description: 'InfluxDB database (on 2.x/3.x: the database name of a DBRP mapping)',
    parse: text,
  },
} satisfies Record<string, SettingSpec<unknown>>;

/** Kafka's TLS and SASL: what a managed Kafka (Confluent Cloud, MSK, Aiven, Event Hubs) asks for. */
const KAFKA_SECURITY = {
  kafkaSsl: {
    env: 'KAFKA_SSL',
    default: 'off',
    description: 'Connect to Kafka over TLS (hostname verified): on or off',
    parse: onOff,
  },
  kafkaSslCaFile: {
    env: 'KAFKA_SSL_CA_FILE',
    description: "PEM file of the CAs that sign the brokers' certificates (default: the system CAs)",
    parse: text,
  },
  kafkaSslCertFile: {
    env: 'KAFKA_SSL_CERT_FILE',
    description: 'PEM client certificate, for brokers that ask for one (mTLS)',
    parse: text,
  },
  kafkaSslKeyFile: { env: 'KAFKA_SSL_KEY_FILE', description: 'PEM private key of the client certificate', parse: text },
  kafkaSaslMechanism: {
    env: 'KAFKA_SASL_MECHANISM',
    default: 'none',
    description: `SASL mechanism: ${SASL_MECHANISMS.join(', ')}`,
    parse: oneOf(SASL_MECHANISMS),
  },
  kafkaSaslUsername: { env: 'KAFKA_SASL_USERNAME', description: 'SASL user name', parse: text },
  kafkaSaslPassword: {
    env: 'KAFKA_SASL_PASSWORD',
    description: 'SASL password (or KAFKA_SASL_PASSWORD_FILE)',
    parse: secret,
    secret: true as const,
  },
} satisfies Record<string, SettingSpec<unknown>>;

/** InfluxDB's credentials: a user for 1.x, a token for 2.x, 3.x and Cloud (through the v1 API). */
const INFLUX_SECURITY = {
  influxUsername: { env: 'INFLUX_USERNAME', description: 'InfluxDB 1.x user (HTTP basic auth)', parse: text },
  influxPassword: {
    env: 'INFLUX_PASSWORD',
    description: 'Password of INFLUX_USERNAME (or INFLUX_PASSWORD_FILE)',
    parse: secret,
    secret: true as const,
  },
  influxToken: {
    env: 'INFLUX_TOKEN',
    description: 'InfluxDB 2.x/3.x/Cloud API token, sent as "Authorization: Token" (or INFLUX_TOKEN_FILE)',
    parse: secret,
    secret: true as const,
  },
  influxCaFile: {
    env: 'INFLUX_CA_FILE',
    description:
      "PEM file of the CAs that sign InfluxDB's certificate, for an https:// INFLUX_URL (default: the system CAs)",
    parse: text,
  },
} satisfies Record<string, SettingSpec<unknown>>;

const AGGREGATOR = {
  aggregatorGroup: {
    env: 'AGGREGATOR_GROUP',
    default: 'aggregator',
    description: 'Kafka consumer group of the aggregator',
    parse: text,
  },
  maxFutureMs: {
    env: 'MAX_FUTURE_MS',
    default: '86400000',
    description:
      "How far ahead of the broker's clock (the record's timestamp) an event time may be; a later one is dead-lettered as future and never moves the watermark",
    parse: positiveInt,
  },
  allowedLatenessMs: {
    env: 'ALLOWED_LATENESS_MS',
    default: '120000',
    description: 'How late (event time behind the newest seen) an event may be and still count',
    parse: positiveInt,
  },
  livePublishMs: {
    env: 'LIVE_PUBLISH_MS',
    default: '100',
    description:
      'How often the aggregator publishes the changed points of its open minutes to MINUTES_TOPIC, in ms (0 = off: web servers then read the live edge from InfluxDB)',
    parse: positiveInt,
  },
  aggregatorNetwork: {
    env: 'AGGREGATOR_NETWORK',
    default: 'on',
    description:
      'Write the network measurements (itinerary, leg, hub, stops) besides carriers, airports and city pairs: on or off',
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
} satisfies Record<string, SettingSpec<unknown>>;

const WEB = {
  alertRules: {
    env: 'ALERT_RULES',
    description:
      'A rules file (YAML or JSON, docs/alerts.md) the web server evaluates on the live minutes; unset: no alerts. Check it with npx pnpm alerts:check <file>',
    parse: text,
  },
  webHost: {
    env: 'WEB_HOST',
    default: '127.0.0.1',
    description: 'Address the web app listens on; any but a loopback address needs WEB_AUTH_TOKEN or WEB_BASIC_AUTH',
    parse: text,
  },
  webPort: {
    env: 'WEB_PORT',
    default: '3000',
    description: 'Port of the web app (dashboard and websocket)',
    parse: port,
  },
  webAuthToken: {
    env: 'WEB_AUTH_TOKEN',
    description:
      'Shared token for the dashboard: open it once as /?token=<token> (or send "Authorization: Bearer <token>") (or WEB_AUTH_TOKEN_FILE)',
    parse: secret,
    secret: true as const,
  },
  webBasicAuth: {
    env: 'WEB_BASIC_AUTH',
    description:
      'Basic auth as user:scrypt-hash, the hash from `npx pnpm -s web:hash-password` (or WEB_BASIC_AUTH_FILE)',
    parse: secret,
    secret: true as const,
  },
  webAllowedOrigins: {
    env: 'WEB_ALLOWED_ORIGINS',
    description: "Origins allowed to open the websocket, comma-separated (default: the dashboard's own origin)",
    parse: list,
  },
  webAllowedHosts: {
    env: 'WEB_ALLOWED_HOSTS',
    description:
      'Host names the dashboard answers to when it has no authentication, comma-separated, besides the loopback names (refuses DNS rebinding)',
    parse: list,
  },
  webMaxConnectionsPerAddress: {
    env: 'WEB_MAX_CONNECTIONS_PER_ADDRESS',
    default: '100',
    description: 'Concurrent websocket connections one client address may hold',
    parse: positiveInt,
  },
  webInsecureNoAuth: {
    env: 'WEB_INSECURE_NO_AUTH',
    default: 'off',
    description:
      'Serve a non-loopback WEB_HOST without authentication: on only behind your own proxy that authenticates',
    parse: onOff,
  },
} satisfies Record<string, SettingSpec<unknown>>;

export const SETTINGS = { ...CONNECTIONS, ...KAFKA_SECURITY, ...INFLUX_SECURITY, ...AGGREGATOR, ...WEB };

/** The settings by subject, with the apps that read them: what docs/configuration.md is generated from. */
export const SETTING_GROUPS: readonly {
  title: string;
  usedBy: string;
  settings: Record<string, SettingSpec<unknown>>;
}[] = [
  { title: 'Kafka, InfluxDB, topics and database', usedBy: 'replayer, aggregator, web', settings: CONNECTIONS },
  { title: "Kafka's TLS and SASL", usedBy: 'replayer, aggregator, web', settings: KAFKA_SECURITY },
  { title: "InfluxDB's credentials and TLS", usedBy: 'aggregator, web', settings: INFLUX_SECURITY },
  {
    title: 'Aggregator',
    usedBy: 'aggregator (METRICS_HOST and METRICS_PORT: the web server reads its health there)',
    settings: AGGREGATOR,
  },
  { title: 'Web server', usedBy: 'web', settings: WEB },
];

type Specs = typeof SETTINGS;
export type SettingName = keyof Specs;
type Value<S> = S extends SettingSpec<infer T> ? (S extends { default: string } ? T : T | undefined) : never;
export type Settings = { [K in SettingName]: Value<Specs[K]> };
