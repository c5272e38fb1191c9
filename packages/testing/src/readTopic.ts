import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/** One record as read: its value (UTF-8) and its Kafka timestamp (epoch ms). */
export interface TopicRecord {
  value: string;
  timestamp: number;
}

/**
 * Reads a topic from the beginning until `expected` records arrived (or
 * `idleMs` passed without one), with a throwaway consumer group.
 */
export async function readTopicRecords(kafka: Kafka, topic: string, expected: number, idleMs = 10_000): Promise<TopicRecord[]> {
  const consumer = kafka.consumer({ groupId: `read-${randomUUID()}`, maxBytes: 50 * 1024 * 1024 });
  const records: TopicRecord[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let last = Date.now();
    await consumer.run({
      eachBatch: async ({ batch }) => {
        // Decode at once: kafkajs may hand out views of a buffer it reuses.
        for (const message of batch.messages) if (message.value) records.push({ value: message.value.toString(), timestamp: Number(message.timestamp) });
        last = Date.now();
      },
    });
    while (records.length < expected && Date.now() - last < idleMs) await new Promise((r) => setTimeout(r, 100));
    return records;
  } finally {
    await consumer.disconnect();
  }
}

/** The values of a topic's records; see readTopicRecords. */
export async function readTopic(kafka: Kafka, topic: string, expected: number, idleMs = 10_000): Promise<string[]> {
  return (await readTopicRecords(kafka, topic, expected, idleMs)).map((record) => record.value);
}
