import {
  AlertBook,
  type AlertRules,
  type AlertTransition,
  alertNotification,
  type MinutesView,
  observe,
  TOTAL_ENTITY,
} from '@flights/alerts';
import { type InfluxV1Client, Point } from '@flights/influx';
import { ALERTS_MEASUREMENT, MEASUREMENTS, MINUTE_MS } from '@flights/schemas';
import type { FiringAlert } from '@flights/schemas/dashboard';
import type { LiveMinutes } from '../live/LiveMinutes.ts';
import type { WebMetrics } from '../webMetrics.ts';
import type { WebhookNotifier } from './WebhookNotifier.ts';

export interface AlertEngineOptions {
  rules: AlertRules;
  edge: LiveMinutes;
  /** Whether the live edge can be trusted now (the minutes stream is not stale): no verdict on stale minutes. */
  isLive: () => boolean;
  notifier: WebhookNotifier;
  influx: InfluxV1Client;
  metrics: WebMetrics;
  /** Told whenever what fires changes (the sockets push it). */
  onFiring: (firing: FiringAlert[]) => void;
  log: (line: string) => void;
  /** How often the clock is looked at; default 2 s. */
  tickMs?: number;
  /** A minute is judged this long after it ends, once its last records are in; default 5 s. */
  graceMs?: number;
}

/**
 * Evaluates the rules once per complete minute of the live edge (the minutes the aggregators push), never by
 * polling InfluxDB: each transition is notified, counted and written to InfluxDB's `alerts` measurement. Two web
 * servers reading the same minutes make the same transitions with the same keys: the same InfluxDB points, and
 * webhooks that deduplicate on Idempotency-Key get one notification (docs/alerts.md).
 */
export class AlertEngine {
  private readonly book = new AlertBook();
  private timer: NodeJS.Timeout | undefined;
  private firingNow: FiringAlert[] = [];
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
    this.timer = setInterval(() => void this.evaluate(Date.now()), this.options.tickMs ?? 2000);
  }

  /** Stops judging, then gives up the notifications still retrying. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.options.notifier.stop();
  }

  /** Judges the newest complete minute (if not judged yet) with every rule. */
  async evaluate(now: number): Promise<AlertTransition[]> {
    const { rules, edge, isLive, metrics } = this.options;
    if (!isLive()) return [];
    const at = Math.floor((now - (this.options.graceMs ?? 5000)) / MINUTE_MS) * MINUTE_MS - MINUTE_MS;
    const view: MinutesView = {
      sums: (dimension, from, to) => edge.entitySums(MEASUREMENTS[dimension ?? 'total'], from, to),
      lastFlight: (dimension) => edge.lastFlight(MEASUREMENTS[dimension ?? 'total']),
    };
    const transitions: AlertTransition[] = [];
    const messages: string[] = [];
    for (const rule of rules.rules) {
      const made = this.book.evaluate(rule, at, observe(rule, at, view));
      for (const transition of made) {
        metrics.alertTransitions.inc({ rule: rule.name, status: transition.status });
        const notification = alertNotification(rule, transition);
        messages.push(notification.message);
        for (const receiver of rules.receivers)
          if (rule.notify.includes(receiver.name)) this.options.notifier.notify(receiver, notification);
      }
      transitions.push(...made);
    }
    if (transitions.length) await this.record(transitions, messages);
    return transitions;
  }

  /** Into InfluxDB (Grafana's annotations) and to the dashboards; an InfluxDB failure is told, not fatal. */
  /** `messages[i]` is the filled-in message of `transitions[i]`, as notified. */
  private async record(transitions: AlertTransition[], messages: string[]): Promise<void> {
    const { rules, influx, metrics, onFiring, log } = this.options;
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
    const lines = transitions.map((transition, i) => {
      const point = new Point(ALERTS_MEASUREMENT)
        .tag('rule', transition.rule)
        .tag('entity', transition.entity)
        .tag('status', transition.status)
        .intField('starts_at', transition.startsAt)
        .intField('repeat', transition.repeat)
        .stringField('key', transition.key)
        .stringField('message', messages[i]!)
        .timestamp(transition.at);
      if (transition.value !== undefined) point.floatField('value', transition.value);
      return point.toLineProtocol({ convertTime: String })!;
    });
    await influx
      .write(lines)
      .catch((error: unknown) => log(`[web] writing alert transitions failed: ${String(error)}`));
  }
}
