import { quoteIdent, type InfluxSeries, type InfluxV1Client } from '@flights/influx';
import { FIELDS, MEASUREMENTS, ROLLUP_RETENTION_POLICY } from '@flights/schemas';

/** Statements answered from the rollups are kept this many at most (oldest used first out). */
const MAX_ENTRIES = 2000;
/**
 * An answer is re-read after this long even with an unchanged fingerprint: a
 * continuous query may re-roll the total of an hour before its entities in
 * the rare case of a minute rewritten just before the query's run, and this
 * bounds how long such an answer can stay.
 */
const MAX_AGE_MS = 60_000;
const ROLLUP_FROM = new RegExp(`FROM ${quoteIdent(ROLLUP_RETENTION_POLICY.name).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\.`);

/**
 * A fingerprint of the hourly rollups since `from`: the total's sums and its
 * number of points. The aggregator re-rolls `flights_total` last of all
 * measurements (see HourRoller), and counts only grow, so when this has not
 * changed no rollup answer has either. One series: cheap at any density.
 */
export function rollupFingerprintStatement(from: number): string {
  const source = `${quoteIdent(ROLLUP_RETENTION_POLICY.name)}.${quoteIdent(MEASUREMENTS.total)}`;
  return `SELECT sum(${FIELDS.flights}), sum(${FIELDS.fareSum}), sum(${FIELDS.fareCount}), count(${FIELDS.flights}) FROM ${source} WHERE time >= ${from}ms`;
}

const isRollupStatement = (influxql: string) => ROLLUP_FROM.test(influxql);

/**
 * Answers of statements over closed hours (the rollups), reused while the
 * rollups' fingerprint is unchanged. A 30-day snapshot spends nearly all its
 * time there, on answers that change once an hour or when old hours are
 * re-rolled; the live part (the last two hours, from the minutes) is always
 * read. Each call is one request when every rollup answer is cached, two
 * otherwise.
 */
export class ClosedHoursCache {
  private readonly entries = new Map<string, { fingerprint: string; answer: InfluxSeries[]; at: number }>();
  hits = 0;
  misses = 0;

  constructor(private readonly influx: InfluxV1Client) {}

  async queryEach(statements: readonly string[], rollupsFrom: number): Promise<InfluxSeries[][]> {
    const live = statements.filter((s) => !isRollupStatement(s));
    if (live.length === statements.length) return this.influx.queryEach(statements);
    const [fingerprintAnswer, ...liveAnswers] = await this.influx.queryEach([rollupFingerprintStatement(rollupsFrom), ...live]);
    const fingerprint = JSON.stringify(fingerprintAnswer);
    const now = Date.now();
    const stale = statements.filter((s) => {
      const entry = this.entries.get(s);
      return isRollupStatement(s) && (entry?.fingerprint !== fingerprint || now - entry.at > MAX_AGE_MS);
    });
    const fresh = stale.length ? await this.influx.queryEach(stale) : [];
    stale.forEach((s, i) => this.remember(s, fingerprint, fresh[i] ?? [], now));
    this.hits += statements.length - live.length - stale.length;
    this.misses += stale.length;
    let nextLive = 0;
    return statements.map((s) => (isRollupStatement(s) ? this.entries.get(s)!.answer : liveAnswers[nextLive++] ?? []));
  }

  private remember(statement: string, fingerprint: string, answer: InfluxSeries[], at: number): void {
    this.entries.delete(statement);
    this.entries.set(statement, { fingerprint, answer, at });
    if (this.entries.size > MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
  }
}
