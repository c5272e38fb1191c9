import { describe, expect, it } from 'vitest';
import { createKafka, retryDelayMs } from './createKafka.ts';

describe('Kafka clients', () => {
  it('retries with a backoff of 0.3 s doubling up to 30 s: about a minute over the default 8 retries', () => {
    expect([1, 2, 3, 4, 8, 9, 20].map(retryDelayMs)).toEqual([300, 600, 1200, 2400, 30_000, 30_000, 30_000]);
    const total = Array.from({ length: 8 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(50_000);
    expect(total).toBeLessThan(80_000);
  });

  it('gives every client the same brokers, security and retries', () => {
    const tls = { rejectUnauthorized: true };
    const base = createKafka({
      brokers: ['a:9092', 'b:9092'],
      clientId: 'x',
      security: { tls, sasl: { mechanism: 'SCRAM-SHA-512', username: 'u', password: 'p' } },
    }).base();
    expect(base).toMatchObject({
      clientId: 'x',
      bootstrapBrokers: ['a:9092', 'b:9092'],
      tls,
      sasl: { mechanism: 'SCRAM-SHA-512' },
      retries: 8,
    });
    expect(createKafka({ brokers: ['a:9092'], clientId: 'probe', retries: 0 }).base().retries).toBe(0);
  });
});
