import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Smooth pacing at `rate` events per second: tokens refill continuously and
 * the bucket holds at most a tenth of a second's worth, so bursts stay small.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  private readonly rate: number;
  private readonly now: () => number;

  constructor(rate: number, now: () => number = performance.now.bind(performance)) {
    this.rate = rate;
    this.now = now;
    if (!(rate > 0)) throw new Error('rate must be greater than 0');
    this.capacity = Math.max(1, rate / 10);
    this.tokens = 1;
    this.last = this.now();
  }

  /** Milliseconds to wait before one more event may go (0 = now); takes the token. */
  reserve(): number {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens * 1000) / this.rate;
  }

  async take(): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await sleep(wait);
  }
}
