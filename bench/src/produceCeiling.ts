import { randomUUID } from 'node:crypto';
import { CompressionTypes } from 'kafkajs';
import { createKafka, ensureTopics } from '@flights/kafka';
import type { Figures } from './results.ts';
import { readyMessages } from './sampleEvents.ts';

const BATCH = 2000;

/**
 * The ceiling for the replayer's Kafka side: bare producers with the
 * replayer's guarantees (idempotent, acks from all replicas, gzip, batches of
 * 2,000, one request in flight) sending ready-made messages, nothing else.
 * kafkajs, and @platformatic/kafka (2.x on Node 26) as the pure-JS alternative to compare.
 */
export async function produceCeiling(env: Record<string, string>, rows: number): Promise<Figures> {
  const messages = await readyMessages(rows);
  const brokers = env.KAFKA_BROKERS!.split(',');
  const kafka = createKafka({ brokers, clientId: 'bench-produce' });
  const topics = [`bench.produce.${randomUUID().slice(0, 8)}`, `bench.produce.${randomUUID().slice(0, 8)}`] as const;
  await ensureTopics(kafka, topics.map((topic) => ({ topic, numPartitions: 6 })));

  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  let started = performance.now();
  for (let i = 0; i < rows; i += BATCH) await producer.send({ topic: topics[0], acks: -1, compression: CompressionTypes.GZIP, messages: messages.slice(i, i + BATCH) });
  const kafkajsSeconds = (performance.now() - started) / 1000;
  await producer.disconnect();
  console.error(`kafkajs producer: ${rows} messages in ${kafkajsSeconds.toFixed(1)} s`);

  const { Producer, stringSerializers } = await import('@platformatic/kafka');
  const alternative = new Producer({ clientId: 'bench-produce-platformatic', bootstrapBrokers: brokers, serializers: stringSerializers, idempotent: true, compression: 'gzip' });
  started = performance.now();
  for (let i = 0; i < rows; i += BATCH) {
    await alternative.send({ messages: messages.slice(i, i + BATCH).map((m) => ({ topic: topics[1], key: m.key, value: m.value })) });
  }
  const alternativeSeconds = (performance.now() - started) / 1000;
  await alternative.close();
  console.error(`@platformatic/kafka producer: ${rows} messages in ${alternativeSeconds.toFixed(1)} s`);
  // A fast figure is only worth something if every message landed.
  const admin = kafka.admin();
  await admin.connect();
  for (const topic of topics) {
    const landed = (await admin.fetchTopicOffsets(topic)).reduce((sum, p) => sum + Number(p.high), 0);
    if (landed !== rows) throw new Error(`${topic} holds ${landed} messages, expected ${rows}`);
  }
  await admin.disconnect();
  return {
    kafkajs_produce_rows_per_s: Math.round(rows / kafkajsSeconds),
    platformatic_produce_rows_per_s: Math.round(rows / alternativeSeconds),
  };
}
