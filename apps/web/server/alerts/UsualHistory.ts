import { ALERT_METRICS, type AlertRule, hourOfWeek, type Usual, usualByHourOfWeek } from '@flights/alerts';
import { type InfluxV1Client, quoteIdent } from '@flights/influx';
import { ENTITY_TAG, HOUR_MS, MEASUREMENTS, ROLLUP_RETENTION_POLICY } from '@flights/schemas';
import { fieldSums } from './SettledMinutes.ts';

/** Weeks the usual is learnt from, as the entity detail's band: four whole weeks before the last closed hour. */
const USUAL_WEEKS = 4;
const WEEK_MS = 168 * HOUR_MS;

/**
 * What is usual for the deviation rules: per rule and entity, its metric's mean and spread for each hour of the week,
 * learnt from the hourly rollups of the last four weeks (history, not live: read from InfluxDB once an hour, one
 * query per dimension). An entity or hour without two weeks of history has no usual, and such a rule is not judged
 * for it.
 */
export class UsualHistory {
  private readonly rules: AlertRule[];
  private readonly influx: InfluxV1Client;
  private learntHour = Number.NaN;
  private learnt = new Map<string, Map<string, (Usual | undefined)[]>>();

  constructor(influx: InfluxV1Client, rules: readonly AlertRule[]) {
    this.influx = influx;
    this.rules = rules.filter((rule) => rule.condition.kind === 'deviation');
  }

  /** The usual of a rule's metric for an entity in the hour of the week of `at`. */
  usual(rule: AlertRule, entity: string, at: number): Usual | undefined {
    return this.learnt.get(rule.name)?.get(entity)?.[hourOfWeek(at)];
  }

  /** Learns again when the hour has changed since the last time; throws when InfluxDB does not answer. */
  async refresh(now: number): Promise<void> {
    const hour = Math.floor(now / HOUR_MS);
    if (!this.rules.length || hour === this.learntHour) return;
    const to = hour * HOUR_MS - HOUR_MS;
    const from = to - USUAL_WEEKS * WEEK_MS;
    const dimensions = [...new Set(this.rules.map((rule) => rule.dimension))];
    const answers = await this.influx.queryEach(
      dimensions.map((dimension) => {
        const measurement = `${quoteIdent(ROLLUP_RETENTION_POLICY.name)}.${quoteIdent(MEASUREMENTS[dimension ?? 'total'])}`;
        const by = dimension ? `, ${quoteIdent(ENTITY_TAG[dimension])}` : '';
        return `SELECT sum(*) FROM ${measurement} WHERE time >= ${from}ms AND time < ${to}ms GROUP BY time(1h)${by} fill(none)`;
      }),
    );
    const learnt = new Map<string, Map<string, (Usual | undefined)[]>>();
    for (const rule of this.rules) {
      const series = answers[dimensions.indexOf(rule.dimension)] ?? [];
      const metric = ALERT_METRICS[rule.metric];
      const byEntity = new Map<string, (Usual | undefined)[]>();
      for (const { tags, rows } of series) {
        const hourly = new Map(rows.map((row) => [Number(row.time), fieldSums(row)]));
        const entity = rule.dimension ? (tags[ENTITY_TAG[rule.dimension]] ?? '') : '';
        byEntity.set(
          entity,
          usualByHourOfWeek(from, to, (at) => metric.value(hourly.get(at) ?? {})),
        );
      }
      learnt.set(rule.name, byEntity);
    }
    this.learnt = learnt;
    this.learntHour = hour;
  }
}
