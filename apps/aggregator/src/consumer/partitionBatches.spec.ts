import { describe, expect, it } from 'vitest';
import { partitionBatches } from './partitionBatches.ts';

const message = (topic: string, partition: number, offset: bigint) => ({
  topic,
  partition,
  offset,
  timestamp: 0n,
  value: null,
});

describe('partitionBatches', () => {
  it('gives one batch per topic and partition, each in the order read, loses none', () => {
    const read = [
      message('a', 0, 5n),
      message('a', 1, 9n),
      message('a', 0, 6n),
      message('b', 0, 1n),
      message('a', 1, 10n),
    ];
    const batches = partitionBatches(read);
    expect(batches.map(({ topic, partition, messages }) => [topic, partition, messages.map((m) => m.offset)])).toEqual([
      ['a', 0, [5n, 6n]],
      ['a', 1, [9n, 10n]],
      ['b', 0, [1n]],
    ]);
  });

  it('keeps partition 1 of "a" apart from partition 1 of another topic', () => {
    expect(partitionBatches([message('a', 1, 1n), message('a1', 1, 1n)])).toHaveLength(2);
  });
});
