import { HEARTBEAT_STALE_MS } from '@flights/schemas';

/** The feed is stale when no check has passed for this long, or it has been behind the end this long. */
export const STALE_AFTER_MS = 3000;

/** What a check of the topic's end offsets found. */
export type CheckOutcome = 'ok' | 'log-went-back';

/**
 * Whether the live edge a feed holds can be trusted, as pure state over
 * what the feed saw and when: seeded, caught up with the topic's end once,
 * a check answered within STALE_AFTER_MS, not behind the end for longer
 * than that, not re-seeding, and an aggregator's heartbeat in the last
 * HEARTBEAT_STALE_MS. Times are epoch ms; the feed passes them in.
 */
export class FeedHealth {
  private seededAt: number | undefined;
  private caughtUp = false;
  private lastCheckOk = 0;
  private behindSince: number | undefined;
  private lastHeartbeat = 0;
  /** The edge is being filled from InfluxDB again after heartbeats came back. */
  reseeding = false;
  /** The end offsets at the last check, per partition. */
  private ends = new Map<number, bigint>();

  /** A start of the feed: nothing is trusted until it is seeded and caught up again. */
  restart(): void {
    this.seededAt = undefined;
    this.caughtUp = false;
    this.behindSince = undefined;
    this.reseeding = false;
  }

  /** The seed from InfluxDB began at `now` and reading starts from `ends`. */
  seeded(now: number, ends: ReadonlyMap<number, bigint>): void {
    this.seededAt = now;
    this.lastCheckOk = now;
    this.ends = new Map(ends);
  }

  get isCaughtUp(): boolean {
    return this.caughtUp;
  }

  isLive(now: number): boolean {
    return (
      this.seededAt !== undefined &&
      this.caughtUp &&
      !this.reseeding &&
      now - this.lastHeartbeat < HEARTBEAT_STALE_MS &&
      this.answering(now)
    );
  }

  /** Kafka answers and the feed keeps up: a stale edge then only wants a heartbeat (no aggregator publishing). */
  answering(now: number): boolean {
    return (
      now - this.lastCheckOk < STALE_AFTER_MS &&
      (this.behindSince === undefined || now - this.behindSince < STALE_AFTER_MS)
    );
  }

  /**
   * A check's end offsets against the positions read. Behind means not yet
   * read what was in the topic at the check before (records keep coming, so
   * the end now is always a little ahead). An end that went back is a topic
   * deleted and created again, or truncated: the feed must start over.
   */
  checked(ends: ReadonlyMap<number, bigint>, positions: ReadonlyMap<number, bigint>, now: number): CheckOutcome {
    const before = this.ends;
    this.ends = new Map(ends);
    if ([...ends].some(([partition, end]) => end < (before.get(partition) ?? 0n))) return 'log-went-back';
    this.lastCheckOk = now;
    const behind = [...before].some(([partition, end]) => (positions.get(partition) ?? 0n) < end);
    if (!behind) {
      this.behindSince = undefined;
      this.caughtUp = true;
    } else this.behindSince ??= now;
    return 'ok';
  }

  /**
   * An aggregator's heartbeat published at `at`. True when the edge must be
   * seeded again: heartbeats came back after a gap since the last seed, and
   * minutes closed meanwhile may never have been published.
   */
  heartbeat(at: number): boolean {
    const reseed =
      this.seededAt !== undefined && at - Math.max(this.lastHeartbeat, this.seededAt) >= HEARTBEAT_STALE_MS;
    this.lastHeartbeat = Math.max(this.lastHeartbeat, at);
    return reseed;
  }

  /** A re-seed begins at `now`: heartbeats before it need no other. */
  reseedStarted(now: number): void {
    this.seededAt = now;
    this.reseeding = true;
  }
}
