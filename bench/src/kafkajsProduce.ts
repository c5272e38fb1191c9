import { randomUUID } from 'node:crypto';
import { CompressionTypes } from 'kafkajs';
import { createKafka, ensureTopics } from '@flights/kafka';
import { REPLAYER_CLI, runCli } from '@flights/testing';
import type { Figures } from './results.ts';

/**
 * The ceiling for the replayer's Kafka side: a bare kafkajs producer with the
 * replayer's settings (idempotent, acks from all replicas, gzip, batches of
 * 2,000, one request in flight) sending ready-made messages, nothing else.
 */
export async function kafkajsProduce(env: Record<string, string>, rows: number): Promise<Figures> {
  const dryRun = await runCli(REPLAYER_CLI, ['apps/replayer/samples/flights-sample.csv', '--dry-run', '--limit', '200']);
  const templates = dryRun.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  const messages = Array.from({ length: rows }, (_, i) => {
    const id = `p${i}`;
    return { key: id, value: JSON.stringify({ ...templates[i % templates.length], id, ts: Date.now() }) };
  });
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'bench-produce' });
  const topic = `bench.produce.${randomUUID().slice(0, 8)}`;
  await ensureTopics(kafka, [{ topic, numPartitions: 6 }]);
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  const started = performance.now();
  for (let i = 0; i < rows; i += 2000) {
    await producer.send({ topic, acks: -1, compression: CompressionTypes.GZIP, messages: messages.slice(i, i + 2000) });
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  console.error(`raw kafkajs producer: ${rows} messages in ${seconds.toFixed(1)} s`);
  return { kafkajs_produce_rows_per_s: Math.round(rows / seconds) };
}
