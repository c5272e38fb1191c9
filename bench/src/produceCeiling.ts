import { randomUUID } from 'node:crypto';
import { createKafka, ensureTopics } from '@flights/kafka';
import type { Figures } from './results.ts';
import { readyMessages } from './sampleEvents.ts';

const BATCH = 2000;

/**
 * The ceiling for the replayer's Kafka side: the project's producer (the
 * replayer's guarantees: idempotent, acks from all replicas, gzip, batches
 * of 2,000, one request in flight) sending ready-made messages, nothing else.
 */
export async function produceCeiling(env: Record<string, string>, rows: number): Promise<Figures> {
  const messages = await readyMessages(rows);
  const kafka = createKafka({ brokers: env.KAFKA_BROKERS!.split(','), clientId: 'bench-produce' });
  const topic = `bench.produce.${randomUUID().slice(0, 8)}`;
  await ensureTopics(kafka, [{ topic, numPartitions: 6 }]);

  const producer = kafka.producer();
  const started = performance.now();
  for (let i = 0; i < rows; i += BATCH) {
    await producer.send({
      compression: 'gzip',
      messages: messages.slice(i, i + BATCH).map((m) => ({ topic, key: m.key, value: m.value })),
    });
  }
  const seconds = (performance.now() - started) / 1000;
  await producer.close();
  console.error(`@platformatic/kafka producer: ${rows} messages in ${seconds.toFixed(1)} s`);
  // A fast figure is only worth something if every message landed.
  const admin = kafka.admin();
  try {
    const [listed] = await admin.listOffsets({
      topics: [
        { name: topic, partitions: [0, 1, 2, 3, 4, 5].map((partitionIndex) => ({ partitionIndex, timestamp: -1n })) },
      ],
    });
    const landed = (listed?.partitions ?? []).reduce((sum, p) => sum + Number(p.offset), 0);
    if (landed !== rows) throw new Error(`${topic} holds ${landed} messages, expected ${rows}`);
  } finally {
    await admin.close();
  }
  return { platformatic_produce_rows_per_s: Math.round(rows / seconds) };
}
