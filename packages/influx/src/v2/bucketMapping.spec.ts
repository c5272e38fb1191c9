import { describe, expect, it } from 'vitest';
import { bucketName, durationSeconds } from './bucketMapping.ts';

describe('2.x buckets for a database and its policies', () => {
  it("names a bucket as 2.x's own v1 tooling does, and reads the policies' durations", () => {
    expect(bucketName('flights', 'flights_30d')).toBe('flights/flights_30d');
    expect(durationSeconds('30d')).toBe(2_592_000);
    expect(durationSeconds('400d')).toBe(34_560_000);
    expect(durationSeconds('1h')).toBe(3600);
    expect(() => durationSeconds('30 days')).toThrow(/cannot read/);
  });
});
