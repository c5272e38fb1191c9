import { Command } from 'commander';
import { InfluxError, influxClientOptions, InfluxV1Client } from '@flights/influx';
import {
  checkKafkaConnection,
  createKafka,
  describeKafkaFailure,
  ensureTopics,
  isKafkaClientError,
  KafkaClientStats,
  KafkaConnectionError,
  kafkaSecurity,
  matchingTopics,
} from '@flights/kafka';
import { describeSetting, loadSettings, redactText, secretValues, SettingError } from '@flights/config';
import { INFLUX_RETENTION_POLICY, MINUTES_TOPIC_CONFIG, MINUTES_TOPIC_PARTITIONS } from '@flights/schemas';
import { backoffMs, startAggregator } from './consumer/runAggregator.ts';
import { influxSetupStatements, InfluxSetupError, setupInflux } from './influx/setupInflux.ts';
import { createAggregatorMetrics } from './metrics/aggregatorMetrics.ts';
import { startMetricsServer } from '@flights/metrics';

interface Flags {
  brokers?: string;
  topics?: string;
  topicPattern?: string;
  deadLetterTopic?: string;
  group?: string;
  influxUrl?: string;
  influxDb?: string;
  allowedLateness?: string;
  network?: string;
  metricsHost?: string;
  metricsPort?: string;
  partitions: string;
  printSetup?: boolean;
}

const program = new Command('aggregator')
  .description(
    'Consume flight events from Kafka and write exact 1-minute counts per carrier, departure and arrival airport and route to InfluxDB.',
  )
  .option('--brokers <list>', describeSetting('kafkaBrokers'))
  .option('--topics <list>', describeSetting('flightsTopic'))
  .option(
    '--topic-pattern <regex>',
    'consume every topic whose name matches (e.g. "^flights\\.region\\."), instead of --topics; matched once, at start',
  )
  .option('--dead-letter-topic <name>', describeSetting('deadLetterTopic'))
  .option('--group <id>', describeSetting('aggregatorGroup'))
  .option('--influx-url <url>', describeSetting('influxUrl'))
  .option('--influx-db <name>', describeSetting('influxDb'))
  .option('--allowed-lateness <ms>', describeSetting('allowedLatenessMs'))
  .option('--network <on|off>', describeSetting('aggregatorNetwork'))
  .option('--metrics-host <host>', describeSetting('metricsHost'))
  .option('--metrics-port <port>', describeSetting('metricsPort'))
  .option('--partitions <n>', 'partitions when a flight topic has to be created', '6')
  .option(
    '--print-setup',
    "print the InfluxQL an InfluxDB admin runs once when the aggregator's user may not create the database, its retention policies and continuous queries, and exit",
  )
  .addHelpText(
    'after',
    `
Counts land in InfluxDB as one point per minute, entity and partition (tag "stream");
sum over "stream" in queries. See the README's InfluxDB schema section.
Run several instances with the same --group to share the partitions.
SIGINT/SIGTERM: write and commit what is counted, then exit.
Secured Kafka and InfluxDB (TLS, SASL, credentials, tokens) are set by environment only
(KAFKA_SSL, KAFKA_SASL_*, INFLUX_USERNAME, INFLUX_TOKEN, ... and *_FILE): see the README's
configuration table. Exit status: 0 stopped cleanly, 1 a failure (one line on stderr),
2 a bad setting.`,
  );

async function main(flags: Flags): Promise<void> {
  const settings = loadSettings({
    kafkaBrokers: flags.brokers,
    flightsTopic: flags.topics,
    deadLetterTopic: flags.deadLetterTopic,
    aggregatorGroup: flags.group,
    influxUrl: flags.influxUrl,
    influxDb: flags.influxDb,
    allowedLatenessMs: flags.allowedLateness,
    aggregatorNetwork: flags.network,
    metricsHost: flags.metricsHost,
    metricsPort: flags.metricsPort,
  });
  if (flags.printSetup) {
    process.stdout.write(`${influxSetupStatements(settings.influxDb).join(';\n')};\n`);
    return;
  }
  secrets = secretValues(settings);
  brokers = settings.kafkaBrokers;
  const log = (line: string) => process.stderr.write(`${redactText(line, secrets)}\n`);
  const security = kafkaSecurity(settings);
  // Retries and leader moves (a cluster losing a broker): counted for /metrics, the moves said in one line.
  const kafkaStats = new KafkaClientStats((line) => log(`[aggregator] ${line}`));
  const kafka = createKafka({
    brokers: settings.kafkaBrokers,
    clientId: 'aggregator',
    security,
    retries: settings.kafkaRetries,
    watch: kafkaStats,
  });
  const influx = new InfluxV1Client({
    ...influxClientOptions(settings),
    retentionPolicy: INFLUX_RETENTION_POLICY.name,
  });

  // The aggregator may start before InfluxDB: an outage is waited out; refused credentials end the start.
  const rollupKeeper = await setupInflux(influx, log, backoffMs);
  await checkKafkaConnection(settings.kafkaBrokers, security);
  const topics = flags.topicPattern
    ? await matchingTopics(kafka, new RegExp(flags.topicPattern))
    : settings.flightsTopic;
  if (topics.length === 0)
    throw new SettingError(
      `no topic matches --topic-pattern ${flags.topicPattern} (it is matched once, at start, against the topics that exist)`,
    );
  const partitions = Number(flags.partitions);
  await ensureTopics(kafka, [
    ...(flags.topicPattern ? [] : settings.flightsTopic.map((topic) => ({ topic, numPartitions: partitions }))),
    { topic: settings.deadLetterTopic, numPartitions: 1 },
  ]);
  const minutesTopic = {
    topic: settings.minutesTopic,
    numPartitions: MINUTES_TOPIC_PARTITIONS,
    configs: MINUTES_TOPIC_CONFIG,
  };
  if (settings.livePublishMs > 0) await ensureTopics(kafka, [minutesTopic]);

  const metrics = createAggregatorMetrics(kafkaStats);
  const aggregator = await startAggregator({
    kafka,
    influx,
    metrics,
    topics,
    groupId: settings.aggregatorGroup,
    deadLetterTopic: settings.deadLetterTopic,
    allowedLatenessMs: settings.allowedLatenessMs,
    maxFutureMs: settings.maxFutureMs,
    network: settings.aggregatorNetwork,
    rollupKeeper,
    live:
      settings.livePublishMs > 0
        ? {
            topic: settings.minutesTopic,
            intervalMs: settings.livePublishMs,
            ensureTopic: () => ensureTopics(kafka, [minutesTopic]),
          }
        : undefined,
    log,
    onPermanentFailure: (error) => void fail(error),
  });
  const { server, url } = await startMetricsServer(
    metrics.registry,
    () => aggregator.health(),
    settings.metricsHost,
    settings.metricsPort,
  );
  log(`[aggregator] metrics on ${url}/metrics, health on ${url}/healthz`);

  let stopping = false;
  // Nothing more can be written: stop consuming and leave the offsets where InfluxDB's data ends.
  const fail = async (error: Error) => {
    if (stopping) return;
    stopping = true;
    log(`error: ${error.message}`);
    server.close();
    await aggregator.abort();
    process.exit(1);
  };
  const stop = async (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`[aggregator] ${signal}: writing and committing what is counted`);
    server.close();
    await aggregator.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT')).on('SIGTERM', () => void stop('SIGTERM'));
}

/** The secrets in use, so that no line the aggregator prints can carry one (a server may echo what it was sent). */
let secrets: string[] = [];
let brokers: string[] = [];

/** Failures with a message made for people: shown as they are; anything else is unexpected and says so. */
const EXPLAINED = [SettingError, InfluxError, InfluxSetupError, KafkaConnectionError];

program.action(async (flags: Flags) => {
  try {
    await main(flags);
  } catch (error) {
    const explained = EXPLAINED.some((type) => error instanceof type);
    const fromKafka = !explained && isKafkaClientError(error);
    const message = explained
      ? (error as Error).message
      : fromKafka
        ? describeKafkaFailure(error, brokers)
        : `${(error as Error).name}: ${(error as Error).message}`;
    process.stderr.write(`error: ${redactText(message, secrets)}\n`);
    process.exit(error instanceof SettingError ? 2 : 1);
  }
});
await program.parseAsync(process.argv);
