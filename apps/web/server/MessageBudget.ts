/**
 * A token bucket per socket: a browser sends a message when the user picks
 * a range, a few a second at most; a client that sends more is misbehaving
 * and is disconnected, so one client cannot keep the server (and InfluxDB,
 * through the snapshots it asks for) busy for everyone else.
 */
export class MessageBudget {
  private tokens: number;
  private at: number;

  readonly burst: number;
  readonly perSecond: number;

  /** `burst` messages at once, `perSecond` sustained. */
  constructor(burst = 20, perSecond = 5, now = Date.now()) {
    this.burst = burst;
    this.perSecond = perSecond;
    this.tokens = burst;
    this.at = now;
  }

  /** Spends one message; false when the budget is gone. */
  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
