import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
}

/**
 * Creates the topics that do not exist yet; an existing topic keeps its
 * partition count (changing it would move keys between partitions).
 */
export async function ensureTopics(kafka: Kafka, topics: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((spec) => !existing.has(spec.topic));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((spec) => ({ topic: spec.topic, numPartitions: spec.numPartitions ?? 1, replicationFactor: -1 })),
    });
  } finally {
    await admin.disconnect();
  }
}
