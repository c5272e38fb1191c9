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
    await admin.close();
  });

  it('produces 1,000 events and a consumer group reads exactly those back, with offsets committed with their metadata', async () => {
    await ensureTopics(kafka, [{ topic, numPartitions: 3 }]);
    const producer = kafka.producer();
    const sent = Array.from({ length: 1000 }, (_, i) => ({ topic, key: `k${i % 17}`, value: JSON.stringify({ i }) }));
    for (let i = 0; i < sent.length; i += 250) await producer.send({ messages: sent.slice(i, i + 250) });
    await producer.close();

    const consumer = kafka.consumer(groupId);
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
    const seen: number[] = [];
    const next = new Map<number, bigint>();
    for await (const message of stream) {
      seen.push((JSON.parse(message.value.toString()) as { i: number }).i);
      next.set(message.partition, message.offset + 1n);
      if (seen.length === sent.length) break;
    }
    // Committed by hand with metadata, as the aggregator commits its checkpoints (the client is patched for it).
    const offsets = [...next].map(([partition, offset]) => ({
      topic,
      partition,
      offset,
      leaderEpoch: -1,
      metadata: `checkpoint-${partition}`,
    }));
    await consumer.commit({ offsets, rejoin: false });
    await consumer.close(true);

    expect(seen).toHaveLength(1000);
    expect(new Set(seen).size).toBe(1000);
    expect(Math.min(...seen)).toBe(0);
    expect(Math.max(...seen)).toBe(999);

    const [group] = await admin.listConsumerGroupOffsets({ groups: [groupId] });
    const partitions = group!.topics.find(({ name }) => name === topic)!.partitions;
    expect(partitions.reduce((sum, p) => sum + Number(p.committedOffset), 0)).toBe(1000);
    expect(partitions.map((p) => p.metadata).sort()).toEqual(['checkpoint-0', 'checkpoint-1', 'checkpoint-2']);
  });
});
