import type { InfluxSeries } from '@flights/influx';
import { INFLUX_RETENTION_POLICY, MINUTE_MS } from '@flights/schemas';
import { stretchCondition } from '../rangeQueries.ts';
import { minutesSource } from '../rangeSources.ts';
import { daysTouched, fileHourlySums, hourlySumsStatements, type HourDay } from './hourDays.ts';
import { printsStatement } from './hourPrints.ts';

/**
 * A read taken within this long of a change in the minutes' fingerprints is
 * not reused: the aggregator's write of a flush is not atomic, so the total
 * may show a minute before all its entities do.
 */
const SETTLE_MS = 5_000;

export interface LiveHoursPlan {
  from: number;
  bound: number;
  prints: string;
  delays: boolean;
  now: number;
  /** Empty when the kept read still holds. */
  statements: string[];
}

/**
 * The live hours of hourly ranges (the last two, from the 1-minute points),
 * summed per hour and entity and shared by every hourly range (24 hours, 7
 * and 30 days, custom ranges ending now). They are read again only when the
 * minutes' fingerprints moved: with live traffic that is most refreshes, but
 * a quiet pipeline, or several ranges refreshing together, read them once.
 * InfluxDB 1.6 pays per series read, whatever the span, so a read is one
 * statement per measurement for the whole stretch, totals and series alike.
 */
export class LiveHours {
  private kept:
    | {
        from: number;
        bound: number;
        prints: string;
        delays: boolean;
        days: Map<number, HourDay>;
        loadedAt: number;
        changedAt: number;
      }
    | undefined;
  private lastPrints: { prints: string; seenAt: number } | undefined;
  reads = 0;
  reuses = 0;

  /** Each minute's fingerprint over the stretch: the total's sums and points, one series per writer. */
  static printsStatement(from: number, bound: number, now: number): string {
    return printsStatement(INFLUX_RETENTION_POLICY.name, '1m', stretchCondition(minutesSource(from, bound, now)));
  }

  plan(
    from: number,
    bound: number,
    printsAnswer: readonly InfluxSeries[],
    delays: boolean,
    now: number,
  ): LiveHoursPlan {
    const prints = JSON.stringify(printsAnswer.map((series) => series.rows));
    if (this.lastPrints?.prints !== prints) {
      // Seen for the first time, the minutes count as settled unless data is still arriving (a minute of the last two).
      const newest = Math.max(0, ...printsAnswer.flatMap((series) => series.rows.map((row) => Number(row.time))));
      const arriving = this.lastPrints !== undefined || newest >= now - 2 * MINUTE_MS;
      this.lastPrints = { prints, seenAt: arriving ? now : now - SETTLE_MS };
    }
    const kept = this.kept;
    const holds =
      kept &&
      kept.from === from &&
      kept.bound === bound &&
      kept.prints === prints &&
      (kept.delays || !delays) &&
      kept.loadedAt - kept.changedAt >= SETTLE_MS;
    if (holds) {
      this.reuses += 1;
      return { from, bound, prints, delays, now, statements: [] };
    }
    this.reads += 1;
    const statements = hourlySumsStatements(
      INFLUX_RETENTION_POLICY.name,
      stretchCondition(minutesSource(from, bound, now)),
      delays,
    );
    return { from, bound, prints, delays, now, statements };
  }

  apply(plan: LiveHoursPlan, answers: readonly InfluxSeries[][]): Map<number, HourDay> {
    if (plan.statements.length === 0) return this.kept!.days;
    const days = new Map<number, HourDay>(daysTouched(plan.from, plan.bound).map((day) => [day, new Map()]));
    fileHourlySums(days, answers, plan.delays);
    this.kept = {
      from: plan.from,
      bound: plan.bound,
      prints: plan.prints,
      delays: plan.delays,
      days,
      loadedAt: plan.now,
      changedAt: this.lastPrints!.seenAt,
    };
    return days;
  }
}
