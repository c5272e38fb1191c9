import type { InfluxSeries, InfluxV1Client } from '@flights/influx';
import { DELAY_FIELDS } from '@flights/schemas';
import { readsClosedHours, readsLiveHours, type Statement } from '../rangeQueries.ts';
import { ClosedHours } from './ClosedHours.ts';
import { answerSeries, answerTotals, dayOf, type HourDay } from './hourDays.ts';
import { hourPrintsStatement, readHourPrints } from './hourPrints.ts';
import { LiveHours } from './LiveHours.ts';

/** Whether the web server answers a statement from the hours it keeps rather than asking InfluxDB. */
export const isKept = (statement: Statement) => readsClosedHours(statement) || readsLiveHours(statement);

/** The answers of one read, and answers over the hours it kept (nothing outside them). */
export interface KeptHoursView {
  answers: InfluxSeries[][];
  answer(statement: Statement): InfluxSeries[];
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
    const direct = statements.filter((s) => !isKept(s));
    const closedSpan = span(statements.filter(readsClosedHours));
    const liveSpan = span(statements.filter(readsLiveHours));
    if (!closedSpan && !liveSpan) {
      const answers = direct.length ? await this.influx.queryEach(direct.map((s) => s.influxql)) : [];
      return { answers, answer: () => [] };
    }
    const prints = [
      // Whole days: a day is kept and compared whole, whichever hour a range starts at.
      ...(closedSpan ? [hourPrintsStatement(dayOf(closedSpan.from), closedSpan.bound)] : []),
      ...(liveSpan ? [LiveHours.printsStatement(liveSpan.from, liveSpan.bound, now)] : []),
    ];
    const answers = await this.influx.queryEach([...prints, ...direct.map((s) => s.influxql)]);
    const [closedPrints, livePrints] = [closedSpan ? answers.shift() ?? [] : [], liveSpan ? answers.shift() ?? [] : []];
    const delays = statements.some((s) => isKept(s) && s.fields.some((field) => (DELAY_FIELDS as readonly string[]).includes(field)));
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
    const days = await load;
    const answer = (s: Statement) => {
      const kept = readsClosedHours(s) ? days.closed : readsLiveHours(s) ? days.live : undefined;
      if (!kept) return [];
      return s.kind === 'totals' ? answerTotals(kept, s) : answerSeries(kept, s);
    };
    let nextDirect = 0;
    return { answers: statements.map((s) => (isKept(s) ? answer(s) : answers[nextDirect++] ?? [])), answer };
  }
}
