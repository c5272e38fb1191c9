import { setTimeout as sleep } from 'node:timers/promises';
import type { Message, Producer } from 'kafkajs';
import type { DeadLetter } from '@flights/schemas';
import { backoffMs } from '../consumer/backoff.ts';

/** Well under the broker's 1 MB request limit: a batch of thousands of late events is one too large. */
const DEAD_LETTER_REQUEST_BYTES = 256 * 1024;

/** Consecutive slices of messages whose values add up to at most `limit` bytes (a bigger message goes alone). */
export function byteChunks(messages: Message[], limit: number): Message[][] {
  const chunks: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = Buffer.byteLength(String(message.value ?? ''));
    if (current.length && bytes + size > limit) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

export interface DeadLetterTarget {
  producer: Producer;
  topic: string;
  /** Told of every failed attempt (the line says it is retried). */
  onRetry: (message: string) => void;
}

/**
 * Dead letters must be in Kafka before the offsets that carried them are
 * committed: retried until they are, with the consumer's heartbeat kept up
 * meanwhile so the group does not drop it.
 */
export async function sendDeadLetters(target: DeadLetterTarget, letters: readonly DeadLetter[], heartbeat: () => Promise<void>): Promise<void> {
  const messages: Message[] = letters.map((letter) => ({ value: JSON.stringify(letter), timestamp: String(letter.at) }));
  for (let attempt = 1; ; attempt += 1) {
    try {
      for (const chunk of byteChunks(messages, DEAD_LETTER_REQUEST_BYTES)) await target.producer.send({ topic: target.topic, acks: -1, messages: chunk });
      return;
    } catch (error) {
      target.onRetry(`dead-letter topic not writable: ${(error as Error).message}`);
      await sleep(backoffMs(attempt));
      await heartbeat().catch(() => undefined);
    }
  }
}
