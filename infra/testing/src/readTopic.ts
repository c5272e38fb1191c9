import { randomUUID } from 'node:crypto';
import type { KafkaClients } from '@flights/kafka';

/** One record as read: its value (UTF-8) and its Kafka timestamp (epoch ms). */
export interface TopicRecord {
  value: string;
  timestamp: number;
}

/**
 * Reads a topic from the beginning until `expected` records arrived (or
 * `idleMs` passed without one), with a throwaway consumer group.
 */
export async function readTopicRecords(
  kafka: KafkaClients,
  topic: string,
  expected: number,
  idleMs = 10_000,
): Promise<TopicRecord[]> {
  const consumer = kafka.consumer(`read-${randomUUID()}`, { maxWaitTime: 500 });
  const records: TopicRecord[] = [];
  try {
    const stream = await consumer.consume({ topics: [topic], mode: 'earliest' });
    let last = Date.now();
    stream.on('data', (message) => {
      if (message.value) records.push({ value: message.value.toString(), timestamp: Number(message.timestamp) });
      last = Date.now();
    });
    while (records.length < expected && Date.now() - last < idleMs) await new Promise((r) => setTimeout(r, 100));
    await stream.close();
    return records;
  } finally {
    await consumer.close(true);
  }
}

/** The values of a topic's records; see readTopicRecords. */
export async function readTopic(
  kafka: KafkaClients,
  topic: string,
  expected: number,
  idleMs = 10_000,
): Promise<string[]> {
  return (await readTopicRecords(kafka, topic, expected, idleMs)).map((record) => record.value);
}
