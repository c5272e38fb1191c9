import { describe, expect, it } from 'vitest';
import { HEARTBEAT_STALE_MS } from '@flights/schemas';
import { FeedHealth, STALE_AFTER_MS } from './FeedHealth.ts';

const T = 1_796_000_000_000;
const at = (...offsets: number[]) => new Map(offsets.map((offset, partition) => [partition, BigInt(offset)]));

/** A feed seeded at T with ends 10/10, caught up at T + 100, with a heartbeat at T. */
function live(): FeedHealth {
  const health = new FeedHealth();
  health.seeded(T, at(10, 10));
  health.heartbeat(T);
  health.checked(at(10, 10), at(10, 10), T + 100);
  return health;
}

describe('FeedHealth', () => {
  it('is live only once seeded, caught up and with a heartbeat', () => {
    const health = new FeedHealth();
    expect(health.isLive(T)).toBe(false);
    health.seeded(T, at(10));
    health.heartbeat(T);
    expect(health.isLive(T)).toBe(false);
    health.checked(at(12), at(10), T + 100);
    expect(health.isLive(T + 100)).toBe(true);
  });

  it('is not live while reading lags what was there at the check before, for longer than the bound', () => {
    const health = live();
    health.checked(at(20, 20), at(10, 10), T + 1000);
    health.heartbeat(T + 1000);
    // Behind what the check before saw (10): still within the bound.
    health.checked(at(30, 30), at(12, 10), T + 2000);
    expect(health.isLive(T + 2000)).toBe(true);
    expect(health.isLive(T + 2000 + STALE_AFTER_MS)).toBe(false);
  });

  it('goes stale without heartbeats while Kafka still answers, and asks for a new seed when they come back', () => {
    const health = live();
    const later = T + HEARTBEAT_STALE_MS + 500;
    health.checked(at(10, 10), at(10, 10), later);
    expect(health.isLive(later)).toBe(false);
    expect(health.answering(later)).toBe(true);
    expect(health.heartbeat(later)).toBe(true);
    health.reseedStarted(later);
    expect(health.isLive(later)).toBe(false);
    health.reseeding = false;
    expect(health.isLive(later)).toBe(true);
    // Heartbeats of the catch-up, older than the seed, need no other.
    expect(health.heartbeat(later - 1000)).toBe(false);
  });

  it('says when the log went back (the topic deleted and created again)', () => {
    const health = live();
    expect(health.checked(at(3, 10), at(10, 10), T + 1000)).toBe('log-went-back');
  });

  it('is stale when no check has passed for the bound', () => {
    expect(live().isLive(T + 100 + STALE_AFTER_MS)).toBe(false);
  });
});
