import { describe, expect, it } from 'vitest';
import { byteChunks } from './sendDeadLetters.ts';

describe('byteChunks', () => {
  it('splits dead letters into requests under the limit, in order, losing none', () => {
    const messages = Array.from({ length: 10 }, (_, i) => ({ value: 'x'.repeat(100 + i) }));
    const chunks = byteChunks(messages, 350);
    expect(chunks.flat()).toEqual(messages);
    expect(chunks.every((chunk) => chunk.reduce((sum, m) => sum + String(m.value).length, 0) <= 350)).toBe(true);
    expect(chunks.map((c) => c.length)).toEqual([3, 3, 3, 1]);
  });

  it('sends a message bigger than the limit alone', () => {
    expect(byteChunks([{ value: 'a' }, { value: 'b'.repeat(500) }, { value: 'c' }], 100).map((c) => c.length)).toEqual([
      1, 1, 1,
    ]);
  });
});
