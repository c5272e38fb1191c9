import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from './checkpointMetadata.ts';

describe('checkpoint metadata', () => {
  it('round-trips through the commit metadata string', () => {
    const checkpoint = { maxTs: 1795548672327, seen: '10683' };
    expect(decodeCheckpoint(encodeCheckpoint(checkpoint))).toEqual(checkpoint);
  });

  it('ignores empty or foreign metadata instead of failing', () => {
    expect(decodeCheckpoint(null)).toBeUndefined();
    expect(decodeCheckpoint('')).toBeUndefined();
    expect(decodeCheckpoint('event-id-3')).toBeUndefined();
    expect(decodeCheckpoint('{"v":2,"maxTs":1,"seen":"1"}')).toBeUndefined();
  });
});
