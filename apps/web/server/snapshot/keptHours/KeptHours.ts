import type { InfluxSeries, InfluxV1Client } from '@flights/influx';
import { DELAY_FIELDS } from '@flights/schemas';
import type { LiveMinutes } from '../../live/LiveMinutes.ts';
import { readsClosedHours, readsLiveEdge, readsLiveHours, type Statement } from '../rangeQueries.ts';
import { ClosedHours } from './ClosedHours.ts';
import { answerSeries, answerTotals, dayOf, daysTouched, type HourDay } from './hourDays.ts';
import { hourPrintsStatement, readHourPrints } from './hourPrints.ts';
import { LiveHours } from './LiveHours.ts';

/** Whether a statement reads hours the web server may keep rather than ask InfluxDB for. */
export const isKept = (statement: Statement) =>
  readsClosedHours(statement) || readsLiveHours(statement) || readsLiveEdge(statement);

/**
 * Days of closed hours one read may keep: a 30-day range and the month
 * before it touch 62. A longer custom range (up to 400 days, and the period
 * before it) is asked of InfluxDB instead, which sums inside: a year of
 * on-time data by the hour would hold about a gigabyte here.
 */
export const MAX_KEPT_DAYS = 100;
/** Changed days one read re-reads itself; more (a first long view) load in the background. */
const MAX_INLINE_DAYS = 3;

/** The answers of one read, and answers to more statements over the same stretches (kept ones from memory, others asked of InfluxDB). */
export interface KeptHoursView {
  answers: InfluxSeries[][];
  answerAll(statements: readonly Statement[]): Promise<InfluxSeries[][]>;
}

const span = (statements: readonly Statement[]) =>
  statements.length
    ? {
        from: Math.min(...statements.map((s) => s.source.from)),
        bound: Math.max(...statements.map((s) => s.source.to)),
      }
    : undefined;

/**
 * Every hourly range's numbers, kept by the web server per hour and entity:
 * the closed hours a day at a time (ClosedHours), the live two hours as one
 * stretch (LiveHours). The 24 hours, 7 and 30 days and custom ranges share
 * them and sum them here. A read asks InfluxDB for the fingerprints of both
 * beside the minute ranges' statements (one request), then, only if
 * something changed, for the changed days and the live hours (a second).
 * InfluxDB 1.6 pays per series a statement touches, whatever the span, so
 * not asking is what makes long ranges cheap.
 */
export class KeptHours {
  readonly closed = new ClosedHours();
  readonly live = new LiveHours();
  /** Loads run one at a time, each kind: ranges refreshing together must not read the same hours twice. */
  private closedLoading: Promise<unknown> = Promise.resolve();
  private liveLoading: Promise<unknown> = Promise.resolve();
  /** A load of more than a few days under way in the background (see read). */
  private warming: Promise<void> | undefined;

  private readonly influx: InfluxV1Client;
  /** The live edge from the minutes topic, which answers statements over it (readsLiveEdge). */
  private readonly edge: LiveMinutes | undefined;

  constructor(influx: InfluxV1Client, edge?: LiveMinutes) {
    this.influx = influx;
    this.edge = edge;
  }

  async queryEach(statements: readonly Statement[], now = Date.now()): Promise<InfluxSeries[][]> {
    return (await this.read(statements, now)).answers;
  }

  /** Whether many closed days are loading in the background. */
  get isWarming(): boolean {
    return this.warming !== undefined;
  }

  /** Settles when no background load is under way. */
  async warmed(): Promise<void> {
    while (this.warming) await this.warming;
  }

  /**
   * Answers every statement, in order, and gives a view that answers more
   * over the same hours without asking again (the drawn rows' series). When
   * more than a few closed days are missing (a first 30-day view), this
   * read asks InfluxDB for its sums as before it kept anything, and the days
   * load in the background after it, for the reads that follow.
   */
  async read(statements: readonly Statement[], now = Date.now()): Promise<KeptHoursView> {
    let closedSpan = span(statements.filter(readsClosedHours));
    if (closedSpan && daysTouched(closedSpan.from, closedSpan.bound).length > MAX_KEPT_DAYS) closedSpan = undefined;
    const liveSpan = span(statements.filter(readsLiveHours));
    const prints = [
      // Whole days: a day is kept and compared whole, whichever hour a range starts at.
      ...(closedSpan ? [hourPrintsStatement(dayOf(closedSpan.from), closedSpan.bound)] : []),
      ...(liveSpan ? [LiveHours.printsStatement(liveSpan.from, liveSpan.bound, now)] : []),
    ];
    const first = statements.filter(
      (s) => !readsLiveHours(s) && !readsLiveEdge(s) && !(closedSpan && readsClosedHours(s)),
    );
    const answers = await this.influx.queryEach([...prints, ...first.map((s) => s.influxql)]);
    const closedPrints = closedSpan ? readHourPrints(answers.shift() ?? []) : new Map<number, string>();
    const livePrints = liveSpan ? (answers.shift() ?? []) : [];
    const delays = statements.some(
      (s) => isKept(s) && s.fields.some((field) => (DELAY_FIELDS as readonly string[]).includes(field)),
    );
    let warmAfter: { from: number; bound: number } | undefined;
    if (
      closedSpan &&
      (this.warming ||
        this.closed.staleDays(closedSpan.from, closedSpan.bound, closedPrints, delays, now).length > MAX_INLINE_DAYS)
    ) {
      warmAfter = closedSpan;
      closedSpan = undefined;
    }
    const keptHere = (s: Statement) =>
      (closedSpan !== undefined && readsClosedHours(s)) || readsLiveHours(s) || readsLiveEdge(s);
    const late = statements.filter((s) => !keptHere(s) && !first.includes(s));
    const [closedDays, liveDays, lateAnswers] = await Promise.all([
      closedSpan ? this.loadClosed(closedSpan, closedPrints, delays, now) : new Map<number, HourDay>(),
      liveSpan ? this.loadLive(liveSpan, livePrints, delays, now) : new Map<number, HourDay>(),
      late.length ? this.influx.queryEach(late.map((s) => s.influxql)) : [],
    ]);
    // After this read's own sums, not beside them: on-time data with a year of history took InfluxDB 50 s to give by the hour.
    if (warmAfter) this.warm(warmAfter, closedPrints, delays, now);
    const answer = (s: Statement) => {
      if (readsLiveEdge(s)) return this.edge?.answer(s) ?? [];
      const kept = readsClosedHours(s) ? closedDays : liveDays;
      return s.kind === 'totals' ? answerTotals(kept, s) : answerSeries(kept, s);
    };
    const asked = new Map<Statement, InfluxSeries[]>([
      ...first.map((s, i) => [s, answers[i] ?? []] as const),
      ...late.map((s, i) => [s, lateAnswers[i] ?? []] as const),
    ]);
    return {
      answers: statements.map((s) => (keptHere(s) ? answer(s) : (asked.get(s) ?? []))),
      answerAll: async (more) => {
        const ask = more.filter((s) => !keptHere(s));
        const answered = ask.length ? await this.influx.queryEach(ask.map((s) => s.influxql)) : [];
        let next = 0;
        return more.map((s) => (keptHere(s) ? answer(s) : (answered[next++] ?? [])));
      },
    };
  }

  /** Re-reads the closed days whose fingerprints changed (a few at most: more are warmed in the background). */
  private loadClosed(
    span: { from: number; bound: number },
    prints: ReadonlyMap<number, string>,
    delays: boolean,
    now: number,
  ): Promise<Map<number, HourDay>> {
    const load = this.closedLoading.then(() =>
      this.planAskApply(this.closed, this.closed.plan(span.from, span.bound, prints, delays, now)),
    );
    this.closedLoading = load.catch(() => undefined);
    return load;
  }

  /** Asks InfluxDB what a plan needs (nothing when it needs nothing) and keeps the answers. */
  private async planAskApply<P extends { statements: string[] }>(
    keeper: { apply(plan: P, answers: InfluxSeries[][]): Map<number, HourDay> },
    plan: P,
  ): Promise<Map<number, HourDay>> {
    const answers = plan.statements.length ? await this.influx.queryEach(plan.statements, { timeoutMs: 120_000 }) : [];
    return keeper.apply(plan, answers);
  }

  /** Loads many closed days in the background, once at a time; reads meanwhile ask InfluxDB for their sums. */
  private warm(
    span: { from: number; bound: number },
    prints: ReadonlyMap<number, string>,
    delays: boolean,
    now: number,
  ): void {
    if (this.warming) return;
    this.warming = this.loadClosed(span, prints, delays, now)
      .then(
        () => undefined,
        () => undefined,
      )
      .finally(() => {
        this.warming = undefined;
      });
  }

  /** Re-reads the live hours when their minutes moved. */
  private loadLive(
    span: { from: number; bound: number },
    prints: InfluxSeries[],
    delays: boolean,
    now: number,
  ): Promise<Map<number, HourDay>> {
    const load = this.liveLoading.then(() =>
      this.planAskApply(this.live, this.live.plan(span.from, span.bound, prints, delays, now)),
    );
    this.liveLoading = load.catch(() => undefined);
    return load;
  }
}
