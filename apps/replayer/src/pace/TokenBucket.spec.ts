import { describe, expect, it } from 'vitest';
import { TokenBucket } from './TokenBucket.ts';

describe('TokenBucket', () => {
  it('spaces events evenly at the configured rate', () => {
    const t = 0;
    const bucket = new TokenBucket(100, () => t);
    expect(bucket.reserve()).toBe(0);
    expect(bucket.reserve()).toBeCloseTo(10);
    expect(bucket.reserve()).toBeCloseTo(20);
  });

  it('refills with time but never beyond a tenth of a second of burst', () => {
    let t = 0;
    const bucket = new TokenBucket(100, () => t);
    t = 60_000;
    const waits = Array.from({ length: 12 }, () => bucket.reserve());
    expect(waits.slice(0, 10)).toEqual(Array(10).fill(0));
    expect(waits[10]).toBeCloseTo(10);
    expect(waits[11]).toBeCloseTo(20);
  });
});
