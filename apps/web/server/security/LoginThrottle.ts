export interface LoginThrottleOptions {
  /** Failed checks an address may make before it has to wait; default 5. */
  freeFailures?: number;
  /** The first wait after the free failures, doubling with each further failure; default 1 s. */
  firstWaitMs?: number;
  /** The longest wait; default 5 minutes. */
  maxWaitMs?: number;
  /** An address that has not failed for this long starts afresh; default 15 minutes. */
  forgetAfterMs?: number;
  /** Addresses remembered at most (the oldest forgotten first), so a botnet cannot fill memory; default 10,000. */
  maxAddresses?: number;
}

interface Failures {
  count: number;
  lastAt: number;
  /** No credentials are checked for this address before this time. */
  blockedUntil: number;
}

/**
 * Counts failed logins per client address: after a few, that address waits
 * (doubling, capped) before its credentials are checked again, and is told
 * how long (429 with Retry-After). Nobody else waits: a password guesser
 * slows only itself, and the slow hash is never run for a blocked address.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly options: Required<LoginThrottleOptions>;

  constructor(options: LoginThrottleOptions = {}) {
    this.options = {
      freeFailures: 5,
      firstWaitMs: 1000,
      maxWaitMs: 300_000,
      forgetAfterMs: 900_000,
      maxAddresses: 10_000,
      ...options,
    };
  }

  /** Seconds the address must still wait (for Retry-After), or 0 when its credentials may be checked now. */
  waitSeconds(address: string, now = Date.now()): number {
    const entry = this.current(address, now);
    return entry && entry.blockedUntil > now ? Math.ceil((entry.blockedUntil - now) / 1000) : 0;
  }

  /** True when the address failed lately: its checks wait behind those of clean addresses. */
  hasFailed(address: string, now = Date.now()): boolean {
    return this.current(address, now) !== undefined;
  }

  failed(address: string, now = Date.now()): void {
    const entry = this.current(address, now) ?? { count: 0, lastAt: now, blockedUntil: 0 };
    entry.count += 1;
    entry.lastAt = now;
    const over = entry.count - this.options.freeFailures;
    if (over > 0)
      entry.blockedUntil =
        now + Math.min(this.options.maxWaitMs, this.options.firstWaitMs * 2 ** Math.min(over - 1, 30));
    // Re-inserted last: the map's order is then the order of last failure, and the first entry the one to forget.
    this.failures.delete(address);
    this.failures.set(address, entry);
    if (this.failures.size > this.options.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(address: string): void {
    this.failures.delete(address);
  }

  private current(address: string, now: number): Failures | undefined {
    const entry = this.failures.get(address);
    if (entry && now - entry.lastAt > this.options.forgetAfterMs && entry.blockedUntil <= now) {
      this.failures.delete(address);
      return undefined;
    }
    return entry;
  }
}
