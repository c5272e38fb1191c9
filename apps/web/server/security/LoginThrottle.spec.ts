import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './LoginThrottle.ts';

describe('LoginThrottle', () => {
  it('lets a few failures through, then makes that address alone wait, doubling', () => {
    const throttle = new LoginThrottle({ freeFailures: 3, firstWaitMs: 1000, maxWaitMs: 4000 });
    const now = 1_000_000;
    for (let i = 0; i < 3; i += 1) throttle.failed('10.0.0.1', now);
    expect(throttle.waitSeconds('10.0.0.1', now)).toBe(0);
    throttle.failed('10.0.0.1', now);
    expect(throttle.waitSeconds('10.0.0.1', now)).toBe(1);
    expect(throttle.waitSeconds('10.0.0.2', now)).toBe(0);
    throttle.failed('10.0.0.1', now + 1000);
    expect(throttle.waitSeconds('10.0.0.1', now + 1000)).toBe(2);
    for (let i = 0; i < 10; i += 1) throttle.failed('10.0.0.1', now + 3000);
    expect(throttle.waitSeconds('10.0.0.1', now + 3000)).toBe(4);
    expect(throttle.waitSeconds('10.0.0.1', now + 7001)).toBe(0);
  });

  it('forgets an address on success, or after a quiet while', () => {
    const throttle = new LoginThrottle({ freeFailures: 0, forgetAfterMs: 60_000 });
    throttle.failed('a', 0);
    throttle.succeeded('a');
    expect(throttle.waitSeconds('a', 0)).toBe(0);
    throttle.failed('b', 0);
    expect(throttle.waitSeconds('b', 0)).toBe(1);
    throttle.failed('b', 60_000 + 10_000);
    expect(throttle.waitSeconds('b', 70_000)).toBe(1);
  });

  it('remembers at most maxAddresses, forgetting the one that failed longest ago', () => {
    const throttle = new LoginThrottle({ freeFailures: 0, maxAddresses: 2 });
    throttle.failed('a', 0);
    throttle.failed('b', 0);
    throttle.failed('a', 0);
    throttle.failed('c', 0);
    expect(throttle.waitSeconds('b', 0)).toBe(0);
    expect(throttle.waitSeconds('a', 0)).toBeGreaterThan(0);
  });
});
