/**
 * The alert transitions a set of per-minute sums predicts, written apart from @flights/alerts (the code under test)
 * from the documented semantics (docs/alerts.md): a minute is judged on the window ending with it; a rule on a
 * whole dimension sees the entities with flights in that window or the one before, and one it no longer sees
 * resolves; an average of no flights changes nothing; `for: 0s` fires on the first breached minute.
 */

const M = 60_000;

/** One entity's sums in one minute. */
export interface MinuteSums {
  at: number;
  entity: string;
  flights: number;
  delaySum: number;
  delayCount: number;
}

export interface ExpectedTransition {
  rule: string;
  entity: string;
  status: 'firing' | 'resolved';
  startsAt: number;
  at: number;
  value: number | null;
}

export interface WindowRule {
  name: string;
  windowMs: number;
  /** The value of an entity's window sums; undefined: nothing to judge. */
  value: (sums: { flights: number; delaySum: number; delayCount: number }) => number | undefined;
  breached: (value: number) => boolean;
}

function windowSums(minutes: MinuteSums[], entity: string, from: number, to: number) {
  const sums = { flights: 0, delaySum: 0, delayCount: 0, any: false };
  for (const m of minutes)
    if (m.entity === entity && m.at >= from && m.at < to) {
      sums.flights += m.flights;
      sums.delaySum += m.delaySum;
      sums.delayCount += m.delayCount;
      sums.any ||= m.flights > 0;
    }
  return sums;
}

/** A rule over every entity of a dimension, judged at each minute from `first` to `last`. */
export function expectWindowRule(
  rule: WindowRule,
  minutes: MinuteSums[],
  first: number,
  last: number,
): ExpectedTransition[] {
  const out: ExpectedTransition[] = [];
  const firing = new Map<string, { since: number; value: number | null }>();
  const entities = [...new Set(minutes.map((m) => m.entity))];
  for (let at = first; at <= last; at += M) {
    const end = at + M;
    for (const entity of entities) {
      const now = windowSums(minutes, entity, end - rule.windowMs, end);
      const before = windowSums(minutes, entity, end - 2 * rule.windowMs, end - rule.windowMs);
      const state = firing.get(entity);
      if (!now.any && !before.any) {
        if (state) out.push({ rule: rule.name, entity, status: 'resolved', startsAt: state.since, at, value: null });
        firing.delete(entity);
        continue;
      }
      const value = rule.value(now);
      if (value === undefined) continue;
      if (rule.breached(value)) {
        if (!state) {
          firing.set(entity, { since: at, value });
          out.push({ rule: rule.name, entity, status: 'firing', startsAt: at, at, value });
        }
      } else if (state) {
        firing.delete(entity);
        out.push({ rule: rule.name, entity, status: 'resolved', startsAt: state.since, at, value });
      }
    }
  }
  return out;
}

/** The deadman on the whole traffic: fires at the first minute `silenceMs` after the last minute with a flight. */
export function expectSilence(name: string, silenceMs: number, minutes: MinuteSums[], last: number) {
  const lastFlight = Math.max(...minutes.filter((m) => m.flights > 0).map((m) => m.at));
  const at = lastFlight + silenceMs;
  return at <= last
    ? [{ rule: name, entity: '', status: 'firing' as const, startsAt: at, at, value: silenceMs / M }]
    : [];
}
