import type { InfluxSeries } from '@flights/influx';
import { HOUR_MS, ROLLUP_RETENTION_POLICY } from '@flights/schemas';
import { boardSpecs } from '../rangeQueries.ts';
import { DAY_MS, daysTouched, fileHourlySums, hourlySumsStatements, type HourDay } from './hourDays.ts';
import { dayPrints } from './hourPrints.ts';

/** Days kept at most (a 30-day range and the month before it: 61); a read needing more keeps what it needs until the next one. */
const MAX_DAYS = 120;
/**
 * A day loaded within this long of a change seen in its fingerprints is read
 * once more this long after: the total is re-rolled last, but a continuous
 * query or a history write may land its entities a moment after the total.
 */
const SETTLE_MS = 60_000;

/** Whether any hour of the day before `bound` has another fingerprint than the one kept (a range ending earlier ignores later hours). */
function printsDiffer(day: number, prints: readonly string[], kept: readonly string[], bound: number): boolean {
  return prints.some((print, hour) => day + hour * HOUR_MS < bound && print !== kept[hour]);
}

interface KeptDay {
  hours: HourDay;
  /** The fingerprint of each hour when loaded ('' for hours without rollups or not loaded). */
  prints: string[];
  /** Whether the delay fields were read. */
  delays: boolean;
  loadedAt: number;
  /** When a fingerprint of this day was last seen to change (undefined: never seen changing). */
  changedAt: number | undefined;
}

/** What one read of the closed hours needs: the days, and the statements that load the stale ones. */
export interface ClosedHoursPlan {
  wanted: number[];
  /** The days re-read (or, without rollups, kept empty). */
  stale: number[];
  runs: { from: number; to: number }[];
  statements: string[];
  prints: ReadonlyMap<number, string>;
  bound: number;
  delays: boolean;
  now: number;
}

/**
 * The closed hours (the hourly rollups before the live two hours), kept a
 * UTC day at a time, per measurement, entity and hour. A read gives the
 * hours' fingerprints (hourPrints); only days whose fingerprints changed are
 * read again. With live data that is nothing most of the time: the
 * continuous queries only touch the last two hours, which are not closed.
 */
export class ClosedHours {
  private readonly days = new Map<number, KeptDay>();
  daysReused = 0;
  daysLoaded = 0;

  /** Days kept now. */
  get size(): number {
    return this.days.size;
  }

  /** The days of [from, bound) whose kept hours no longer match their fingerprints (or were never read). */
  staleDays(from: number, bound: number, prints: ReadonlyMap<number, string>, delays: boolean, now: number): number[] {
    return daysTouched(from, bound).filter((day) =>
      this.isStale(day, dayPrints(prints, day, bound), bound, delays, now),
    );
  }

  /** The statements that load the days of [from, bound) whose kept hours no longer match their fingerprints. */
  plan(
    from: number,
    bound: number,
    prints: ReadonlyMap<number, string>,
    delays: boolean,
    now: number,
  ): ClosedHoursPlan {
    const wanted = daysTouched(from, bound);
    const stale = this.staleDays(from, bound, prints, delays, now);
    this.daysReused += wanted.length - stale.length;
    this.daysLoaded += stale.length;
    // A day without any rollup (before the data began) is kept empty without asking: the month before a first month costs nothing.
    const withRollups = stale.filter((day) => dayPrints(prints, day, bound).some((print) => print !== ''));
    const runs: { from: number; to: number }[] = [];
    for (const day of withRollups) {
      const last = runs.at(-1);
      if (last && last.to === day) last.to = day + DAY_MS;
      else runs.push({ from: day, to: day + DAY_MS });
    }
    // One statement per measurement and run of consecutive days: every hour and entity of them.
    const statements = runs.flatMap((run) =>
      hourlySumsStatements(
        ROLLUP_RETENTION_POLICY.name,
        `time >= ${run.from}ms AND time < ${Math.min(run.to, bound)}ms`,
        delays,
      ),
    );
    return { wanted, stale, runs, statements, prints, bound, delays, now };
  }

  /** Keeps what the plan's statements answered, and returns every day it wanted. */
  apply(plan: ClosedHoursPlan, answers: readonly InfluxSeries[][]): Map<number, HourDay> {
    const perRun = boardSpecs().length;
    const days = new Map<number, HourDay>(plan.stale.map((day) => [day, new Map()]));
    plan.runs.forEach((_, r) => {
      fileHourlySums(days, answers.slice(r * perRun, (r + 1) * perRun), plan.delays);
    });
    for (const [day, hours] of days) this.keep(day, hours, dayPrints(plan.prints, day, plan.bound), plan);
    const out = new Map<number, HourDay>();
    for (const day of plan.wanted) {
      const kept = this.days.get(day)!;
      // Most recently used last, so the oldest in use is dropped first.
      this.days.delete(day);
      this.days.set(day, kept);
      out.set(day, kept.hours);
    }
    for (const day of this.days.keys()) {
      if (this.days.size <= Math.max(MAX_DAYS, plan.wanted.length)) break;
      this.days.delete(day);
    }
    return out;
  }

  private isStale(day: number, prints: readonly string[], bound: number, delays: boolean, now: number): boolean {
    const kept = this.days.get(day);
    if (!kept || (delays && !kept.delays)) return true;
    if (printsDiffer(day, prints, kept.prints, bound)) return true;
    const settling = kept.changedAt !== undefined && kept.loadedAt - kept.changedAt < SETTLE_MS;
    return settling && now - kept.loadedAt >= SETTLE_MS;
  }

  private keep(day: number, hours: HourDay, prints: string[], plan: ClosedHoursPlan): void {
    const before = this.days.get(day);
    const changed = before !== undefined && printsDiffer(day, prints, before.prints, plan.bound);
    // A day never seen before that holds the hours the continuous queries still re-roll is treated as just changed.
    const recent = day + DAY_MS > plan.now - 3 * HOUR_MS;
    const changedAt = changed ? plan.now : (before?.changedAt ?? (recent ? plan.now : undefined));
    this.days.set(day, { hours, prints, delays: plan.delays, loadedAt: plan.now, changedAt });
  }
}
