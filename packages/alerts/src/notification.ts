import type { AlertTransition } from './AlertBook.ts';
import { ALERT_METRICS } from './metrics.ts';
import type { AlertRule } from './rules.ts';
import { TOTAL_ENTITY } from './observe.ts';

/** The JSON body a webhook receives (docs/alerts.md). Additive only: receivers parse it. */
export interface AlertNotification {
  version: 1;
  /** Idempotency key: the same transition from any instance, any retry, has the same key. */
  key: string;
  status: 'firing' | 'resolved';
  rule: string;
  metric: string;
  dimension: string | null;
  entity: string | null;
  value: number | null;
  unit: string;
  /** ISO 8601: when the condition started to hold; for a resolved alert, endsAt is the minute it stopped. */
  startsAt: string;
  endsAt: string | null;
  /** The minute evaluated, ISO 8601. */
  at: string;
  repeat: number;
  labels: Record<string, string>;
  message: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const round = (value: number) => Math.round(value * 10) / 10;
const windowText = (ms: number) => (ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${ms / 60_000}m`);

/** A rule's condition in words: "above 16000 over 15m", "no flight for 5m". */
export function describeCondition(rule: AlertRule): string {
  const { condition } = rule;
  const window = windowText(rule.windowMs);
  if (condition.kind === 'noData') return `no flight for ${windowText(condition.forMs)}`;
  if (condition.kind === 'change')
    return `${condition.percent < 0 ? '≤' : '≥'} ${condition.percent > 0 ? '+' : ''}${condition.percent}% against the ${window} before`;
  if (condition.kind === 'deviation') return `more than ${condition.spreads} spreads from the usual over ${window}`;
  return `${condition.kind} ${condition.threshold} over ${window}`;
}

/** The rule's message with its placeholders filled in. */
export function alertMessage(rule: AlertRule, transition: AlertTransition): string {
  const values: Record<string, string> = {
    rule: rule.name,
    metric: rule.metric,
    entity: transition.entity === TOTAL_ENTITY ? 'all flights' : transition.entity,
    value: transition.value === undefined ? 'no data' : String(round(transition.value)),
    window: windowText(rule.windowMs),
  };
  return rule.message.replace(
    /\{\{\s*(labels\.)?([\w-]+)\s*\}\}/g,
    (whole, label: string | undefined, name: string) => (label ? rule.labels[name] : values[name]) ?? whole,
  );
}

export function alertNotification(rule: AlertRule, transition: AlertTransition): AlertNotification {
  return {
    version: 1,
    key: transition.key,
    status: transition.status,
    rule: rule.name,
    metric: rule.metric,
    dimension: rule.dimension ?? null,
    entity: transition.entity === TOTAL_ENTITY ? null : transition.entity,
    value: transition.value === undefined ? null : transition.value,
    unit: ALERT_METRICS[rule.metric].unit,
    startsAt: iso(transition.startsAt),
    endsAt: transition.status === 'resolved' ? iso(transition.at) : null,
    at: iso(transition.at),
    repeat: transition.repeat,
    labels: rule.labels,
    message: alertMessage(rule, transition),
  };
}

/** Slack's incoming-webhook body (also taken by Mattermost and Rocket.Chat). */
export function slackBody(notification: AlertNotification): { text: string } {
  const mark = notification.status === 'firing' ? ':rotating_light: FIRING' : ':white_check_mark: RESOLVED';
  return { text: `${mark} ${notification.message}` };
}
