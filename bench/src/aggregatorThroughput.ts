import { randomUUID } from 'node:crypto';
import { createKafka } from '@flights/kafka';
import { InfluxV1Client } from '@flights/influx';
import { AGGREGATOR_METRICS, sumMetric } from '@flights/schemas';
import { AGGREGATOR_CLI, REPLAYER_CLI, runCli, spawnApp, waitForFlights } from '@flights/infra/testing';
import { aggregatorCosts } from './aggregatorCosts.ts';
import { generatedFile } from './generatedFile.ts';
import type { Figures } from './results.ts';

/**
 * Fills a 6-partition topic, then reads it three times in the same run: with
 * a bare consumer that only counts (the ceiling for a Node consumer), and with the aggregator (parse, validate,
 * window, write to InfluxDB) without and with the network measurements; and
 * measures the aggregator's stages one by one (aggregatorCosts).
 */
export async function aggregatorThroughput(env: Record<string, string>, rows: number): Promise<Figures> {
  const file = await generatedFile(rows);
  const topic = `bench.agg.${randomUUID().slice(0, 8)}`;
  const fill = await runCli(
    REPLAYER_CLI,
    [file, '--topic', topic, '--dead-letter-topic', `${topic}.dlq`, '--partitions', '6', '--quiet'],
    env,
  );
  if (fill.code !== 0) throw new Error(`filling ${topic} failed: ${fill.stderr}`);

  const rawSeconds = await bareConsume(env, topic, rows);
  console.error(`bare @platformatic/kafka consumer: ${rows} messages in ${rawSeconds.toFixed(1)} s`);
  const costs = await aggregatorCosts(env, rows);

  // The same backlog twice more, each into a database of its own: without and
  // with the network measurements, so their cost is measured in one run.
  const without = await sustainedRate(env, topic, rows, 'off');
  const withNetwork = await sustainedRate(env, topic, rows, 'on');
  // And once more without publishing to the minutes topic (LIVE_PUBLISH_MS=0): what the live push costs.
  const unpublished = await sustainedRate(env, topic, rows, 'on', false);
  const [before, after] = [without.perSecond, withNetwork.perSecond];
  const rawRate = Math.round(rows / rawSeconds);
  const perEvent = (seconds: number) => Math.round((seconds * 1e8) / rows) / 100;
  return {
    ...costs,
    aggregator_cost_decode_us: perEvent(rawSeconds),
    aggregator_cost_actual_us: Math.round(1e8 / after) / 100,
    aggregator_events: rows,
    aggregator_events_per_s: after,
    aggregator_peak_rss_mb: withNetwork.peakRssMb,
    aggregator_without_network_events_per_s: before,
    aggregator_network_cost: Math.round((1 - after / before) * 100) / 100,
    aggregator_without_publishing_events_per_s: unpublished.perSecond,
    aggregator_publishing_cost: Math.round((1 - after / unpublished.perSecond) * 100) / 100,
    platformatic_consume_events_per_s: rawRate,
    aggregator_vs_bare_consumer_ratio: Math.round((after / rawRate) * 100) / 100,
  };
}

/**
 * The ceiling for a Node consumer: the project's client (@platformatic/kafka,
 * its own group, values as Buffers) counting messages and nothing else;
 * seconds from the first message to the last.
 */
async function bareConsume(env: Record<string, string>, topic: string, rows: number): Promise<number> {
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'bench-raw' });
  const consumer = kafka.consumer(`bench-raw-${topic}`, { maxBytesPerPartition: 4 * 1024 * 1024, maxWaitTime: 500 });
  const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
  let seen = 0;
  let first = 0;
  for await (const _message of stream) {
    first ||= performance.now();
    if ((seen += 1) >= rows) break;
  }
  const seconds = (performance.now() - first) / 1000;
  await stream.close();
  await consumer.close(true);
  return seconds;
}

/** One aggregator (its own group and database) over the whole topic; events/s from the first count to the last. */
async function sustainedRate(
  env: Record<string, string>,
  topic: string,
  rows: number,
  network: 'on' | 'off',
  publish = true,
): Promise<{ perSecond: number; peakRssMb: number }> {
  const db = `bench_${topic.replace(/\W/g, '_')}_${network}${publish ? '' : '_unpublished'}`;
  const aggregator = spawnApp(AGGREGATOR_CLI, [], {
    ...env,
    FLIGHTS_TOPIC: topic,
    DEAD_LETTER_TOPIC: `${topic}.dlq`,
    MINUTES_TOPIC: `${topic}.minutes`,
    AGGREGATOR_GROUP: `bench-${db}`,
    INFLUX_DB: db,
    METRICS_PORT: '0',
    AGGREGATOR_NETWORK: network,
    LIVE_PUBLISH_MS: publish ? '100' : '0',
  });
  try {
    const metrics = (await aggregator.waitFor(/metrics on (http:\S+\/metrics)/, 120_000))[1]!;
    // Sustained rate: from the first time anything is counted (the metrics
    // server starts after the consumer, so some may be counted already) to the end.
    let started = 0;
    let countedAtStart = 0;
    let counted = 0;
    let peakRss = 0;
    while (counted < rows) {
      const text = await (await fetch(metrics)).text();
      counted = sumMetric(text, AGGREGATOR_METRICS.counted) ?? 0;
      // prom-client's process metrics, sampled with every poll: the backlog is when memory peaks.
      peakRss = Math.max(peakRss, sumMetric(text, 'aggregator_process_resident_memory_bytes') ?? 0);
      if (counted > 0 && !started) [started, countedAtStart] = [performance.now(), counted];
      await new Promise((r) => setTimeout(r, 50));
    }
    const seconds = (performance.now() - started) / 1000;
    const totals = await waitForFlights(new InfluxV1Client({ url: env.INFLUX_URL!, database: db }), rows, 60_000);
    if (totals.flights !== rows)
      throw new Error(`aggregator (network ${network}) wrote ${totals.flights} of ${rows} flights`);
    console.error(
      `aggregator, network ${network}, publishing ${publish ? 'on' : 'off'}: ${rows} events in ${seconds.toFixed(1)} s`,
    );
    return { perSecond: Math.round((rows - countedAtStart) / seconds), peakRssMb: Math.round(peakRss / 1024 / 1024) };
  } finally {
    await aggregator.stop();
  }
}
