import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafka, ensureTopics } from '@flights/kafka';

const brokers = process.env.KAFKA_BROKERS!.split(',');

describe('local Kafka', () => {
  const kafka = createKafka({ brokers, clientId: 'smoke' });
  const topic = `smoke.${randomUUID()}`;
  const groupId = `smoke-${randomUUID()}`;
  const admin = kafka.admin();

  afterAll(async () => {
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
  });

  it('produces 1,000 events and a consumer group reads exactly those back, with committed offsets', async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const sent = Array.from({ length: 1000 }, (_, i) => ({ key: `k${i % 17}`, value: JSON.stringify({ i }) }));
    for (let i = 0; i < sent.length; i += 250) {
      await producer.send({ topic, acks: -1, messages: sent.slice(i, i + 250) });
    }
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId });
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const seen: number[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          eachMessage: async ({ message }) => {
            seen.push((JSON.parse(message.value!.toString()) as { i: number }).i);
            if (seen.length === sent.length) resolve();
          },
        })
        .catch(reject);
    });
    await consumer.disconnect(); // commits the offsets of what was processed

    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(999);

    await admin.connect();
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    const total = committed!.partitions.reduce((sum, p) => sum + Number(p.offset), 0);
    expect(total).toBe(1000);
  });
});
