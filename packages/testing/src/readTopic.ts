import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';

/**
 * Reads a topic from the beginning until `expected` messages arrived (or
 * `idleMs` passed without one), with a throwaway consumer group.
 */
export async function readTopic(kafka: Kafka, topic: string, expected: number, idleMs = 10_000): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `read-${randomUUID()}`, maxBytes: 50 * 1024 * 1024 });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    let last = Date.now();
    await consumer.run({
      eachBatch: async ({ batch }) => {
        // Decode at once: kafkajs may hand out views of a buffer it reuses.
        for (const message of batch.messages) if (message.value) values.push(message.value.toString());
        last = Date.now();
      },
    });
    while (values.length < expected && Date.now() - last < idleMs) await new Promise((r) => setTimeout(r, 100));
    return values;
  } finally {
    await consumer.disconnect();
  }
}
