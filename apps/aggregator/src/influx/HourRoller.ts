import { backfillStatements, type InfluxV1Client, type RollupSpec, type RollupTarget } from '@flights/influx';
import { HOUR_MS } from '@flights/schemas';

/**
 * Re-rolls the hourly rollups of hours whose minutes were written after the
 * continuous queries stopped looking at them (they recompute only the last
 * two hours on the server's clock): a replay into the past, a backlog after
 * an outage. The aggregator calls `noteWritten` after each write and
 * `rollPending` before it commits, so a crash in between re-reads, rewrites
 * and re-rolls; a failed roll stays pending and no offset moves past it.
 */
export class HourRoller {
  private pending: { from: number; to: number } | undefined;

  constructor(
    private readonly influx: InfluxV1Client,
    private readonly specs: readonly RollupSpec[],
    private readonly rollup: RollupTarget,
  ) {}

  /** Remembers the hours of minutes older than the continuous queries' reach (the previous full hour and before). */
  noteWritten(minuteStarts: Iterable<number>, now = Date.now()): void {
    const reach = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
    for (const start of minuteStarts) {
      const hour = Math.floor(start / HOUR_MS) * HOUR_MS;
      if (hour >= reach) continue;
      this.pending = this.pending
        ? { from: Math.min(this.pending.from, hour), to: Math.max(this.pending.to, hour + HOUR_MS) }
        : { from: hour, to: hour + HOUR_MS };
    }
  }

  get hasPending(): boolean {
    return this.pending !== undefined;
  }

  /** Recomputes the pending hours from the minutes; throws (and keeps them pending) when InfluxDB refuses. */
  async rollPending(): Promise<{ from: number; to: number } | undefined> {
    const span = this.pending;
    if (!span) return undefined;
    await this.influx.query(backfillStatements(this.influx.database, this.specs, this.rollup, span.from, span.to).join('; '), { mutate: true });
    if (this.pending === span) this.pending = undefined;
    return span;
  }
}
