import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageToProduce, StringProducer } from '@flights/kafka';
import type { DeadLetter } from '@flights/schemas';
import { backoffMs } from '../consumer/backoff.ts';

/** Well under the broker's 1 MB request limit: a batch of thousands of late events is one too large. */
const DEAD_LETTER_REQUEST_BYTES = 256 * 1024;

type Message = MessageToProduce<string, string, string, string>;

/** Consecutive slices of messages whose values add up to at most `limit` bytes (a bigger message goes alone). */
export function byteChunks<M extends { value?: string }>(messages: M[], limit: number): M[][] {
  const chunks: M[][] = [];
  let current: M[] = [];
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
  producer: StringProducer;
  topic: string;
  /** Told of every failed attempt (the line says it is retried). */
  onRetry: (message: string) => void;
}

/**
 * Dead letters must be in Kafka before the offsets that carried them are
 * committed: retried until they are (the client heartbeats the group on its
 * own meanwhile, so the member is not dropped while it waits).
 */
export async function sendDeadLetters(target: DeadLetterTarget, letters: readonly DeadLetter[]): Promise<void> {
  const messages: Message[] = letters.map((letter) => ({
    topic: target.topic,
    value: JSON.stringify(letter),
    timestamp: BigInt(letter.at),
  }));
  for (let attempt = 1; ; attempt += 1) {
    try {
      for (const chunk of byteChunks(messages, DEAD_LETTER_REQUEST_BYTES))
        await target.producer.send({ messages: chunk });
      return;
    } catch (error) {
      target.onRetry(`dead-letter topic not writable: ${(error as Error).message}`);
      await sleep(backoffMs(attempt));
    }
  }
}
