import { Kafka, logLevel, type KafkaConfig, type logCreator } from 'kafkajs';
import type { KafkaSecurity } from './kafkaSecurity.ts';

export interface CreateKafkaOptions {
  brokers: string[];
  clientId: string;
  /** kafkajs log level; WARN by default so retries show but chatter does not. */
  level?: logLevel;
  /** Where kafkajs log lines go (stderr by default: stdout may carry data). */
  write?: (line: string) => void;
  retry?: KafkaConfig['retry'];
  /** TLS and SASL (see kafkaSecurity.ts); none for a plain local broker. */
  security?: KafkaSecurity;
}

const LEVEL_NAMES: Record<number, string> = { [logLevel.ERROR]: 'error', [logLevel.WARN]: 'warn', [logLevel.INFO]: 'info', [logLevel.DEBUG]: 'debug' };

/**
 * Retries are bounded on purpose: when they run out the run fails loudly and
 * reports what Kafka acknowledged, so this notice about unbounded retries is noise.
 */
const EXPECTED_NOTICES = new Set(['Limiting retries for the idempotent producer may invalidate EoS guarantees']);

/**
 * Broker answers kafkajs retries by itself, and that every start and every
 * rebalance produces: a coordinator still loading or not yet elected, a
 * leader election, a member asked to rejoin. Shown, they read like failures
 * on every start; when retries run out the caller reports the failure.
 */
const TRANSIENT_BROKER_ERRORS = new Set([
  'The group coordinator is not available',
  "The coordinator is loading and hence can't process requests for this group",
  'This is not the correct coordinator for this group',
  'There is no leader for this topic-partition as we are in the middle of a leadership election',
  'This server is not the leader for that topic-partition',
  'The group is rebalancing, so a rejoin is needed',
  'The coordinator is not aware of this member',
]);

/** A kafkajs log entry: shown (at which level), or dropped as expected noise. */
export function shownLevel(namespace: string, level: logLevel, message: string, error?: string): logLevel | undefined {
  if (EXPECTED_NOTICES.has(message)) return undefined;
  // Refused credentials are not retried, and the app reports them in its own one line (describeKafkaFailure).
  if (/authentication failed/i.test(`${message} ${error ?? ''}`)) return undefined;
  if (namespace !== 'Connection' || !message.startsWith('Response ')) return level;
  // Two apps creating the same topic at once (the demo's replayer and aggregator): kafkajs takes "already exists"
  // as done, and any other creation error is thrown to the caller, which reports it. The response line is noise.
  if (message.startsWith('Response CreateTopics') && error === 'Topic creation errors') return undefined;
  // kafkajs logs every error response of a broker as an error, even those it retries; the caller reports real failures.
  return error && TRANSIENT_BROKER_ERRORS.has(error) ? undefined : logLevel.WARN;
}

function oneLineLogger(write: (line: string) => void): logCreator {
  return () => ({ namespace, level, log }) => {
    const { message, error, broker } = log as { message: string; error?: string; broker?: string };
    const shown = shownLevel(namespace, level, message, error);
    if (shown === undefined) return;
    const where = namespace ? `${namespace}: ` : '';
    write(`[kafka ${LEVEL_NAMES[shown] ?? shown}] ${where}${message}${broker ? ` (broker ${broker})` : ''}${error ? `: ${error}` : ''}`);
  };
}

/**
 * One way to build a kafkajs client: retries with exponential backoff
 * (kafkajs's own, up to ~30 s per request) and log lines on one line each.
 */
export function createKafka(options: CreateKafkaOptions): Kafka {
  // The v2 default partitioner is the one we want (murmur2, like the Java client); skip the notice.
  process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    ...options.security,
    connectionTimeout: 3000,
    requestTimeout: 30_000,
    logLevel: options.level ?? logLevel.WARN,
    logCreator: oneLineLogger(options.write ?? ((line) => process.stderr.write(`${line}\n`))),
    retry: options.retry ?? { initialRetryTime: 300, maxRetryTime: 30_000, retries: 8 },
  });
}

export { logLevel };
