import {
  AlertBook,
  type AlertRecord,
  type AlertRule,
  type AlertRules,
  type AlertTransition,
  alertNotification,
  type MinutesView,
  observe,
  TOTAL_ENTITY,
} from '@flights/alerts';
import { LIVE_WINDOW_MS, MEASUREMENTS, MINUTE_MS } from '@flights/schemas';
import type { FiringAlert } from '@flights/schemas/dashboard';
import { LiveMinutes } from '../live/LiveMinutes.ts';
import type { WebMetrics } from '../webMetrics.ts';
import { type AlertLedger, firingAfter } from './AlertLedger.ts';
import { addSums, type SettledMinutes } from './SettledMinutes.ts';
import type { UsualHistory } from './UsualHistory.ts';

/** Transitions judged late (a restart, a stale feed) are told only this recent; older ones only rebuild the state. */
export const CATCH_UP_MS = 15 * 60_000;
/** How far back the ledger is read at a start for the alerts still firing. */
const LEDGER_LOOKBACK_MS = 24 * 3_600_000;

export interface AlertEngineOptions {
  rules: AlertRules;
  edge: LiveMinutes;
  /** Whether the live edge can be trusted now (the minutes stream is not stale): no verdict on stale minutes. */
  isLive: () => boolean;
  /** Sends records to the alerts topic, keyed by transition (the dispatcher tells them). */
  publish: (records: { key: string; value: string }[]) => Promise<void>;
  /** What was told, for a start: the alerts firing when this server last judged. */
  ledger: AlertLedger;
  /** The usual per hour of the week, for the deviation rules. */
  usual: UsualHistory;
  /** The minutes before the live edge, for rules that reach past it; none when no rule does. */
  settled?: SettledMinutes;
  metrics: WebMetrics;
  /** Told whenever what fires changes (the sockets push it). */
  onFiring: (firing: FiringAlert[]) => void;
  log: (line: string) => void;
  /** How often the clock is looked at; default 2 s. */
  tickMs?: number;
  /** A minute is judged this long after it ends, once its last records are in; default 5 s. */
  graceMs?: number;
}

/** The span of minutes a rule reads before the judged one ends: its window (twice for a change), or its silence. */
export function span(rule: AlertRule): number {
  if (rule.condition.kind === 'noData') return rule.condition.forMs;
  return rule.condition.kind === 'change' ? 2 * rule.windowMs : rule.windowMs;
}

/** Whether a rule reads minutes older than the live edge holds (SettledMinutes). */
export const reachesPastEdge = (rule: AlertRule) => span(rule) > LIVE_WINDOW_MS;

/**
 * Judges every complete minute of the live edge (the minutes the aggregators push), never by polling InfluxDB,
 * with every rule, in order, and writes each transition to the alerts topic for the dispatcher. Two web servers
 * reading the same minutes make the same transitions with the same keys. A restarted server picks up from the
 * ledger the alerts firing before its edge, then judges its whole edge again: the same keys as the server that
 * never stopped, none told twice (AlertDispatcher).
 */
export class AlertEngine {
  private readonly book = new AlertBook();
  private timer: NodeJS.Timeout | undefined;
  private firingNow: FiringAlert[] = [];
  private restored = false;
  private unsent: { key: string; value: string }[] = [];
  private busy = false;
  private readonly options: AlertEngineOptions;

  constructor(options: AlertEngineOptions) {
    this.options = options;
  }

  get rules(): AlertRules {
    return this.options.rules;
  }

  get firing(): FiringAlert[] {
    return this.firingNow;
  }

  start(): void {
    this.timer = setInterval(() => void this.tick(Date.now()), this.options.tickMs ?? 2000);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
  }

  private async tick(now: number): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      await this.evaluate(now);
    } catch (error) {
      this.options.log(`[web] alert evaluation: ${(error as Error).message}; trying again`);
    } finally {
      this.busy = false;
    }
  }

  /** Judges every minute not judged yet up to the newest complete one, with every rule; sends what is new. */
  async evaluate(now: number): Promise<AlertTransition[]> {
    const { rules, isLive } = this.options;
    if (!isLive()) return [];
    const edgeStart = LiveMinutes.windowStart(now);
    await this.prepare(now, edgeStart);
    const { settled } = this.options;
    const newest = Math.floor((now - (this.options.graceMs ?? 5000)) / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    const view = this.view(edgeStart);
    const made: AlertTransition[] = [];
    for (const rule of rules.rules) {
      // A rule reaching past the edge waits for the minutes before it.
      if (reachesPastEdge(rule) && !settled?.ready(edgeStart)) continue;
      const first = Math.max((this.book.judged(rule.name) ?? 0) + MINUTE_MS, this.firstJudgeable(rule, now));
      for (let at = first; at <= newest; at += MINUTE_MS)
        made.push(...this.book.evaluate(rule, at, observe(rule, at, view)));
    }
    const transitions = made.filter((transition) => transition.at >= newest - CATCH_UP_MS);
    this.queue(transitions);
    if (made.length) this.updateFiring();
    await this.send();
    return transitions;
  }

  /** Before judging: the ledger read once, the usual learnt each hour, the minutes that left the edge read. */
  private async prepare(now: number, edgeStart: number): Promise<void> {
    const { usual, settled, log } = this.options;
    if (!this.restored) await this.restore(now);
    await usual
      .refresh(now)
      .catch((error: Error) => log(`[web] the usual for deviation rules is unknown: ${error.message}`));
    await settled
      ?.refresh(now, edgeStart)
      .catch((error: Error) => log(`[web] the minutes before the live edge are unread: ${error.message}`));
  }

  /** The first minute whose span lies inside what the engine holds: the live edge, and the settled minutes. */
  private firstJudgeable(rule: AlertRule, now: number): number {
    const start =
      reachesPastEdge(rule) && this.options.settled ? this.options.settled.from(now) : LiveMinutes.windowStart(now);
    return start + span(rule) - MINUTE_MS;
  }

  /** The minutes as the rules read them: the live edge from `edgeStart` on, the settled minutes before it. */
  private view(edgeStart: number): MinutesView {
    const { edge, settled, usual } = this.options;
    return {
      sums: (dimension, from, to) => {
        const live = edge.entitySums(MEASUREMENTS[dimension ?? 'total'], Math.max(from, edgeStart), to);
        if (from >= edgeStart || !settled) return live;
        return addSums(settled.sums(dimension, from, Math.min(to, edgeStart)), live);
      },
      lastFlight: (dimension) => edge.lastFlight(MEASUREMENTS[dimension ?? 'total']),
      usual: (rule, entity, minute) => usual.usual(rule, entity, minute),
    };
  }

  /** The alerts firing just before each rule's first judgeable minute, from the ledger. */
  private async restore(now: number): Promise<void> {
    const entries = await this.options.ledger.since(now - LEDGER_LOOKBACK_MS);
    for (const rule of this.options.rules.rules) {
      const judged = this.firstJudgeable(rule, now) - MINUTE_MS;
      this.book.restore(rule.name, judged, firingAfter(entries, rule.name, judged));
    }
    this.restored = true;
    this.updateFiring();
  }

  /** Counts the transitions and queues their records for the topic. */
  private queue(transitions: AlertTransition[]): void {
    const { rules, metrics } = this.options;
    for (const transition of transitions) {
      const rule = rules.rules.find((candidate) => candidate.name === transition.rule)!;
      metrics.alertTransitions.inc({ rule: rule.name, status: transition.status });
      const record: AlertRecord = { v: 1, notification: alertNotification(rule, transition), receivers: rule.notify };
      this.unsent.push({ key: transition.key, value: JSON.stringify(record) });
    }
  }

  /** The queued records to the topic; on a failure they stay queued for the next tick. */
  private async send(): Promise<void> {
    if (!this.unsent.length) return;
    const records = this.unsent.splice(0);
    try {
      await this.options.publish(records);
    } catch (error) {
      this.unsent.unshift(...records);
      this.options.log(`[web] ${records.length} alert transitions not sent to Kafka yet: ${(error as Error).message}`);
    }
  }

  /** What fires now, to the dashboards. */
  private updateFiring(): void {
    const { rules, metrics, onFiring } = this.options;
    const byName = new Map(rules.rules.map((rule) => [rule.name, rule]));
    this.firingNow = this.book.firing().map((alert) => {
      const rule = byName.get(alert.rule)!;
      return {
        rule: alert.rule,
        metric: rule.metric,
        dimension: rule.dimension ?? null,
        entity: alert.entity === TOTAL_ENTITY ? null : alert.entity,
        value: alert.value ?? null,
        startsAt: alert.startsAt,
        firingAt: alert.firingAt,
      };
    });
    metrics.alertsFiring.set(this.firingNow.length);
    onFiring(this.firingNow);
  }
}
