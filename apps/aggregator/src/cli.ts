import { Command } from 'commander';
import { ensureDatabase, ensureRollups, InfluxV1Client } from '@flights/influx';
import { HOURLY_ROLLUP } from './influx/rollupTarget.ts';
import { createKafka, ensureTopics } from '@flights/kafka';
import { describeSetting, loadSettings, SettingError } from '@flights/config';
import { INFLUX_RETENTION_POLICY, measurementSpecs } from '@flights/schemas';
import { backoffMs, startAggregator } from './consumer/runAggregator.ts';
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
}

const program = new Command('aggregator')
  .description('Consume flight events from Kafka and write exact 1-minute counts per carrier, departure and arrival airport and route to InfluxDB.')
  .option('--brokers <list>', describeSetting('kafkaBrokers'))
  .option('--topics <list>', describeSetting('flightsTopic'))
  .option('--topic-pattern <regex>', 'consume every topic whose name matches (e.g. "^flights\\.region\\."), instead of --topics')
  .option('--dead-letter-topic <name>', describeSetting('deadLetterTopic'))
  .option('--group <id>', describeSetting('aggregatorGroup'))
  .option('--influx-url <url>', describeSetting('influxUrl'))
  .option('--influx-db <name>', describeSetting('influxDb'))
  .option('--allowed-lateness <ms>', describeSetting('allowedLatenessMs'))
  .option('--network <on|off>', describeSetting('aggregatorNetwork'))
  .option('--metrics-host <host>', describeSetting('metricsHost'))
  .option('--metrics-port <port>', describeSetting('metricsPort'))
  .option('--partitions <n>', 'partitions when a flight topic has to be created', '6')
  .addHelpText('after', `
Counts land in InfluxDB as one point per minute, entity and partition (tag "stream");
sum over "stream" in queries. See the README's InfluxDB schema section.
Run several instances with the same --group to share the partitions.
SIGINT/SIGTERM: write and commit what is counted, then exit.`);

async function main(flags: Flags): Promise<void> {
  const settings = loadSettings({
    kafkaBrokers: flags.brokers, flightsTopic: flags.topics, deadLetterTopic: flags.deadLetterTopic, aggregatorGroup: flags.group,
    influxUrl: flags.influxUrl, influxDb: flags.influxDb, allowedLatenessMs: flags.allowedLateness, aggregatorNetwork: flags.network,
    metricsHost: flags.metricsHost, metricsPort: flags.metricsPort,
  });
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const kafka = createKafka({ brokers: settings.kafkaBrokers, clientId: 'aggregator' });
  const influx = new InfluxV1Client({ url: settings.influxUrl, database: settings.influxDb, retentionPolicy: INFLUX_RETENTION_POLICY.name });

  // Create what is missing, retrying: the aggregator may start before Kafka or InfluxDB.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ensureDatabase(influx, INFLUX_RETENTION_POLICY);
      const created = await ensureRollups(influx, measurementSpecs(), HOURLY_ROLLUP);
      if (created.length) log(`[aggregator] hourly rollups: created ${created.length} continuous queries into ${HOURLY_ROLLUP.target.name}`);
      break;
    } catch (error) {
      log(`[aggregator] InfluxDB at ${settings.influxUrl} not ready: ${(error as Error).message}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
  const topics: (string | RegExp)[] = flags.topicPattern ? [new RegExp(flags.topicPattern)] : settings.flightsTopic;
  const partitions = Number(flags.partitions);
  await ensureTopics(kafka, [
    ...(flags.topicPattern ? [] : settings.flightsTopic.map((topic) => ({ topic, numPartitions: partitions }))),
    { topic: settings.deadLetterTopic, numPartitions: 1 },
  ]);

  const metrics = createAggregatorMetrics();
  const aggregator = await startAggregator({
    kafka, influx, metrics, topics, groupId: settings.aggregatorGroup, deadLetterTopic: settings.deadLetterTopic,
    allowedLatenessMs: settings.allowedLatenessMs, network: settings.aggregatorNetwork, log,
  });
  const { server, url } = await startMetricsServer(metrics.registry, () => aggregator.health(), settings.metricsHost, settings.metricsPort);
  log(`[aggregator] metrics on ${url}/metrics, health on ${url}/healthz`);

  let stopping = false;
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

program.action(async (flags: Flags) => {
  try {
    await main(flags);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof SettingError ? error.message : (error as Error).message}\n`);
    process.exit(error instanceof SettingError ? 2 : 1);
  }
});
await program.parseAsync(process.argv);
