import { randomUUID } from 'node:crypto';
import type { KafkaClients } from './createKafka.ts';

/**
 * Which of `keys` a topic holds, looking in each partition from `from`
 * (partition → offset; 0 where absent) up to the end it has now. For a
 * producer that stopped without knowing whether its last batch was written:
 * once it is gone, nothing more of that batch can appear.
 */
export async function findKeys(
  kafka: KafkaClients,
  topic: string,
  keys: ReadonlySet<string>,
  from: ReadonlyMap<number, bigint>,
): Promise<Set<string>> {
  const found = new Set<string>();
  if (keys.size === 0) return found;
  const consumer = kafka.consumer(`find-keys-${randomUUID()}`, { maxWaitTime: 500 });
  try {
    const ends = (await consumer.listOffsets({ topics: [topic] })).get(topic) ?? [];
    const offsets = ends.map((_, partition) => ({ topic, partition, offset: from.get(partition) ?? 0n }));
    const left = new Set(offsets.filter(({ partition, offset }) => offset < ends[partition]!).map((o) => o.partition));
    if (left.size === 0) return found;
    const stream = await consumer.consume({ topics: [topic], mode: 'manual', offsets });
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      stream.on('data', (message) => {
        const key = message.key?.toString();
        if (key !== undefined && keys.has(key)) found.add(key);
        if (message.offset + 1n >= ends[message.partition]!) left.delete(message.partition);
        if (left.size === 0) resolve();
      });
    });
    await stream.close();
    return found;
  } finally {
    await consumer.close(true);
  }
}
