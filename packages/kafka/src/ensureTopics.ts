import type { KafkaClients } from './createKafka.ts';
import { errorText } from './kafkaErrors.ts';

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
  /** Topic-level settings given at creation (cleanup.policy, retention.ms, …); an existing topic keeps its own. */
  configs?: Readonly<Record<string, string>>;
}

/** Kafka's answer when the topic exists: another app (the demo's replayer or aggregator) created it first. */
const ALREADY_EXISTS = /TOPIC_ALREADY_EXISTS|already exists/i;

/**
 * Creates the topics that do not exist yet; an existing topic keeps its
 * partition count (changing it would move keys between partitions).
 */
export async function ensureTopics(kafka: KafkaClients, topics: TopicSpec[]): Promise<void> {
  const admin = kafka.admin();
  try {
    const existing = new Set(await admin.listTopics());
    for (const spec of topics.filter(({ topic }) => !existing.has(topic))) {
      await admin
        .createTopics({
          topics: [spec.topic],
          partitions: spec.numPartitions ?? 1,
          replicas: -1,
          configs: Object.entries(spec.configs ?? {}).map(([name, value]) => ({ name, value })),
        })
        .catch((error: Error) => {
          if (!ALREADY_EXISTS.test(errorText(error))) throw error;
        });
    }
  } finally {
    await admin.close();
  }
}

/**
 * The topics whose names match, as they exist now (Kafka's internal ones
 * left out): a pattern subscription is resolved once, at start.
 */
export async function matchingTopics(kafka: KafkaClients, pattern: RegExp): Promise<string[]> {
  const admin = kafka.admin();
  try {
    return (await admin.listTopics()).filter((topic) => pattern.test(topic)).sort();
  } finally {
    await admin.close();
  }
}
