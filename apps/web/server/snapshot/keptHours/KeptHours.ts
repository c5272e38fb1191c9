import type { InfluxSeries, InfluxV1Client } from '@flights/influx';
import { DELAY_FIELDS } from '@flights/schemas';
import { readsClosedHours, readsLiveHours, type Statement } from '../rangeQueries.ts';
import { ClosedHours } from './ClosedHours.ts';
import { answerSeries, answerTotals, dayOf, daysTouched, type HourDay } from './hourDays.ts';
import { hourPrintsStatement, readHourPrints } from './hourPrints.ts';
import { LiveHours } from './LiveHours.ts';

/** Whether a statement reads hours the web server may keep rather than ask InfluxDB for. */
export const isKept = (statement: Statement) => readsClosedHours(statement) || readsLiveHours(statement);

/**
 * Days of closed hours one read may keep: a 30-day range and the month
 * before it touch 62. A longer custom range (up to 400 days, and the period
 * before it) is asked of InfluxDB instead, which sums inside: a year of
 * on-time data by the hour would hold about a gigabyte here.
 */
export const MAX_KEPT_DAYS = 100;

/** The answers of one read, and answers to more statements over the same stretches (kept ones from memory, others asked of InfluxDB). */
export interface KeptHoursView {
  answers: InfluxSeries[][];
  answerAll(statements: readonly Statement[]): Promise<InfluxSeries[][]>;
}

const span = (statements: readonly Statement[]) => statements.length
  ? { from: Math.min(...statements.map((s) => s.source.from)), bound: Math.max(...statements.map((s) => s.source.to)) }
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
  /** Loads run one at a time: ranges refreshing together must not read the same hours twice. */
  private loading: Promise<unknown> = Promise.resolve();

  constructor(private readonly influx: InfluxV1Client) {}

  async queryEach(statements: readonly Statement[], now = Date.now()): Promise<InfluxSeries[][]> {
    return (await this.read(statements, now)).answers;
  }

  /** Answers every statement, in order, and gives a view that answers more over the same hours without asking again (the drawn rows' series). */
  async read(statements: readonly Statement[], now = Date.now()): Promise<KeptHoursView> {
    let closedSpan = span(statements.filter(readsClosedHours));
    if (closedSpan && daysTouched(closedSpan.from, closedSpan.bound).length > MAX_KEPT_DAYS) closedSpan = undefined;
    const liveSpan = span(statements.filter(readsLiveHours));
    const keptHere = (s: Statement) => (closedSpan !== undefined && readsClosedHours(s)) || readsLiveHours(s);
    const direct = statements.filter((s) => !keptHere(s));
    const prints = [
      // Whole days: a day is kept and compared whole, whichever hour a range starts at.
      ...(closedSpan ? [hourPrintsStatement(dayOf(closedSpan.from), closedSpan.bound)] : []),
      ...(liveSpan ? [LiveHours.printsStatement(liveSpan.from, liveSpan.bound, now)] : []),
    ];
    const asked = [...prints, ...direct.map((s) => s.influxql)];
    const answers = asked.length ? await this.influx.queryEach(asked) : [];
    const [closedPrints, livePrints] = [closedSpan ? answers.shift() ?? [] : [], liveSpan ? answers.shift() ?? [] : []];
    const delays = statements.some((s) => keptHere(s) && s.fields.some((field) => (DELAY_FIELDS as readonly string[]).includes(field)));
    const days = closedSpan || liveSpan ? await this.load(closedSpan, closedPrints, liveSpan, livePrints, delays, now) : undefined;
    const answer = (s: Statement) => {
      const kept = readsClosedHours(s) ? days?.closed : days?.live;
      return !kept ? [] : s.kind === 'totals' ? answerTotals(kept, s) : answerSeries(kept, s);
    };
    let nextDirect = 0;
    return {
      answers: statements.map((s) => (keptHere(s) ? answer(s) : answers[nextDirect++] ?? [])),
      answerAll: async (more) => {
        const ask = more.filter((s) => !keptHere(s));
        const asked = ask.length ? await this.influx.queryEach(ask.map((s) => s.influxql)) : [];
        let next = 0;
        return more.map((s) => (keptHere(s) ? answer(s) : asked[next++] ?? []));
      },
    };
  }

  /** Re-reads what changed of the closed days and the live hours (one request, one load at a time), and returns both as kept. */
  private async load(
    closedSpan: { from: number; bound: number } | undefined, closedPrints: InfluxSeries[],
    liveSpan: { from: number; bound: number } | undefined, livePrints: InfluxSeries[], delays: boolean, now: number,
  ): Promise<{ closed: Map<number, HourDay>; live: Map<number, HourDay> }> {
    const load = this.loading.then(async () => {
      const closedPlan = closedSpan && this.closed.plan(closedSpan.from, closedSpan.bound, readHourPrints(closedPrints), delays, now);
      const livePlan = liveSpan && this.live.plan(liveSpan.from, liveSpan.bound, livePrints, delays, now);
      const loads = [...(closedPlan?.statements ?? []), ...(livePlan?.statements ?? [])];
      const loaded = loads.length ? await this.influx.queryEach(loads, { timeoutMs: 120_000 }) : [];
      const closedCount = closedPlan?.statements.length ?? 0;
      return {
        closed: closedPlan ? this.closed.apply(closedPlan, loaded.slice(0, closedCount)) : new Map<number, HourDay>(),
        live: livePlan ? this.live.apply(livePlan, loaded.slice(closedCount)) : new Map<number, HourDay>(),
      };
    });
    this.loading = load.catch(() => undefined);
    return load;
  }
}
