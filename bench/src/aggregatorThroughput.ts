import { randomUUID } from 'node:crypto';
import { createKafka } from '@flights/kafka';
import { InfluxV1Client } from '@flights/influx';
import { AGGREGATOR_CLI, REPLAYER_CLI, runCli, spawnApp, waitForFlights } from '@flights/testing';
import { generatedFile } from './generatedFile.ts';
import type { Figures } from './results.ts';

async function metricValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(url)).text().catch(() => '');
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

/**
 * Fills a 6-partition topic, then reads it twice in the same run: once with a
 * bare kafkajs consumer that only counts (the ceiling for a Node consumer),
 * once with the aggregator (parse, validate, window, write to InfluxDB).
 */
export async function aggregatorThroughput(env: Record<string, string>, rows: number): Promise<Figures> {
  const file = await generatedFile(rows);
  const topic = `bench.agg.${randomUUID().slice(0, 8)}`;
  const fill = await runCli(REPLAYER_CLI, [file, '--topic', topic, '--dead-letter-topic', `${topic}.dlq`, '--partitions', '6', '--quiet'], env);
  if (fill.code !== 0) throw new Error(`filling ${topic} failed: ${fill.stderr}`);

  const kafka = createKafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'bench-raw' });
  const consumer = kafka.consumer({ groupId: `bench-raw-${topic}`, maxBytesPerPartition: 4 * 1024 * 1024, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let first = 0;
  await consumer.run({
    eachBatch: async ({ batch }) => {
      first ||= performance.now();
      seen += batch.messages.length;
    },
  });
  while (seen < rows) await new Promise((r) => setTimeout(r, 50));
  const rawSeconds = (performance.now() - first) / 1000;
  await consumer.disconnect();
  console.error(`raw kafkajs: ${rows} messages in ${rawSeconds.toFixed(1)} s`);

  const port = String(30000 + Math.floor(Math.random() * 10000));
  const db = `bench_${topic.replace(/\W/g, '_')}`;
  const aggregator = spawnApp(AGGREGATOR_CLI, [], { ...env, FLIGHTS_TOPIC: topic, DEAD_LETTER_TOPIC: `${topic}.dlq`, AGGREGATOR_GROUP: `bench-${topic}`, INFLUX_DB: db, METRICS_PORT: port });
  const metrics = `http://127.0.0.1:${port}/metrics`;
  try {
    await aggregator.waitFor(/joined group/, 120_000);
    let started = 0;
    let counted = 0;
    while (counted < rows) {
      counted = await metricValue(metrics, 'aggregator_events_counted_total');
      if (counted > 0) started ||= performance.now();
      await new Promise((r) => setTimeout(r, 50));
    }
    const aggSeconds = (performance.now() - started) / 1000;
    const totals = await waitForFlights(new InfluxV1Client({ url: env.INFLUX_URL!, database: db }), rows, 60_000);
    if (totals.flights !== rows) throw new Error(`aggregator wrote ${totals.flights} of ${rows} flights`);
    console.error(`aggregator: ${rows} events in ${aggSeconds.toFixed(1)} s`);
    const aggregatorRate = Math.round(rows / aggSeconds);
    const rawRate = Math.round(rows / rawSeconds);
    return {
      aggregator_events: rows,
      aggregator_events_per_s: aggregatorRate,
      kafkajs_consume_events_per_s: rawRate,
      aggregator_vs_kafkajs_ratio: Math.round((aggregatorRate / rawRate) * 100) / 100,
    };
  } finally {
    await aggregator.stop();
  }
}
