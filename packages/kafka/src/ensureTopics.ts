import type { KafkaClients } from './createKafka.ts';

export interface TopicSpec {
  topic: string;
  numPartitions?: number;
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
      await admin.createTopics({ topics: [spec.topic], partitions: spec.numPartitions ?? 1, replicas: -1 }).catch((error: Error) => {
        if (!ALREADY_EXISTS.test(errorText(error))) throw error;
      });
    }
  } finally {
    await admin.close();
  }
}

/**
 * An error's message and those of what it wraps, outermost first: the client
 * reports a broker's refusal as a list of errors, each with its cause
 * ("Connection … failed." ← "SASL authentication failed." ← the broker's words).
 */
export function errorMessages(error: unknown, depth = 0): string[] {
  if (!error || depth > 8) return [];
  const { message, errors, cause, response } = error as { message?: string; errors?: unknown[]; cause?: unknown; response?: { errorMessage?: unknown } };
  // A broker's refusal carries its own words in the response (SASL: which mechanism, why).
  const brokerWords = typeof response?.errorMessage === 'string' && response.errorMessage ? [response.errorMessage] : [];
  return [message ?? String(error), ...(errors ?? []).flatMap((inner) => errorMessages(inner, depth + 1)), ...errorMessages(cause, depth + 1), ...brokerWords];
}

/** All of an error's messages on one line (see errorMessages). */
export function errorText(error: unknown): string {
  return errorMessages(error).join(' ');
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

/** Errors thrown by the Kafka client itself (their codes start PLT_KFK_), as against this project's own. */
export function isKafkaClientError(error: unknown): boolean {
  return /^PLT_KFK_/.test(String((error as { code?: unknown })?.code ?? ''));
}
