import type { Observation } from './AlertBook.ts';
import { ALERT_METRICS, type FieldSums } from './metrics.ts';
import type { AlertCondition, AlertRule } from './rules.ts';
import type { Usual } from './usual.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/** What a rule reads of the live minutes: field sums per entity over [from, to), and when each last had a flight. */
export interface MinutesView {
  /** Per entity key (the tag value; '' for the whole traffic). */
  sums(dimension: AlertRule['dimension'], from: number, to: number): ReadonlyMap<string, FieldSums>;
  /** The start of the newest minute with a flight, per entity key, within what the view holds. */
  lastFlight(dimension: AlertRule['dimension']): ReadonlyMap<string, number>;
  /** The usual of the rule's metric for an entity in the hour of the week of `at`, per hour; undefined: unknown. */
  usual?(rule: AlertRule, entity: string, at: number): Usual | undefined;
}

/** The entity key of the whole traffic: measurements without a tag. */
export const TOTAL_ENTITY = '';

function breached(
  condition: AlertCondition,
  value: number | undefined,
  before: number | undefined,
): boolean | undefined {
  if (condition.kind === 'above') return value === undefined ? undefined : value > condition.threshold;
  if (condition.kind === 'below') return value === undefined ? undefined : value < condition.threshold;
  if (condition.kind === 'change') {
    if (value === undefined || !before) return undefined;
    const change = (100 * (value - before)) / before;
    return condition.percent < 0 ? change <= condition.percent : change >= condition.percent;
  }
  return undefined;
}

/**
 * A rule's observations at the complete minute starting `at`: its window is the minutes up to and including that
 * one. A rule on one entity always observes it (none of its flights is a reading of 0); a rule on a whole
 * dimension observes the entities with flights in this window or the one before (so a drop to nothing counts).
 */
export function observe(rule: AlertRule, at: number, view: MinutesView): Observation[] {
  const end = at + MINUTE_MS;
  if (rule.condition.kind === 'noData') return observeSilence(rule, rule.condition.forMs, end, view);
  const now = view.sums(rule.dimension, end - rule.windowMs, end);
  const before = view.sums(rule.dimension, end - 2 * rule.windowMs, end - rule.windowMs);
  const metric = ALERT_METRICS[rule.metric];
  const entities = rule.dimension
    ? rule.entity !== undefined
      ? [rule.entity]
      : [...new Set([...now.keys(), ...before.keys()])]
    : [TOTAL_ENTITY];
  return entities.map((entity) => {
    const value = metric.value(now.get(entity) ?? {});
    if (rule.condition.kind === 'deviation')
      return { entity, value, breached: deviates(rule, rule.condition.spreads, value, view.usual?.(rule, entity, at)) };
    const previous = metric.value(before.get(entity) ?? {});
    return { entity, value, breached: breached(rule.condition, value, previous) };
  });
}

/** Further from the usual than `spreads` spreads; a count's hourly usual is scaled to the window. */
function deviates(rule: AlertRule, spreads: number, value: number | undefined, usual: Usual | undefined) {
  if (value === undefined || usual === undefined) return undefined;
  const scale = rule.metric === 'flights' ? rule.windowMs / HOUR_MS : 1;
  return Math.abs(value - usual.mean * scale) > spreads * usual.spread * scale;
}

/** The deadman: minutes since the last flight, breached from `forMs` on; what never flew in the window is not judged. */
function observeSilence(rule: AlertRule, forMs: number, end: number, view: MinutesView): Observation[] {
  const last = view.lastFlight(rule.dimension);
  const entities = rule.dimension ? (rule.entity !== undefined ? [rule.entity] : [...last.keys()]) : [TOTAL_ENTITY];
  return entities.flatMap((entity): Observation[] => {
    const seen = last.get(entity);
    // Nothing in the live window at all (a stack just started, an entity that never flew): nothing to judge.
    if (seen === undefined) return [];
    const silentMs = end - (seen + MINUTE_MS);
    return [{ entity, value: silentMs / MINUTE_MS, breached: silentMs >= forMs }];
  });
}
