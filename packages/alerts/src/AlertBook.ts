import type { AlertRule } from './rules.ts';

const MINUTE_MS = 60_000;

/** One entity's reading for a rule at an evaluated minute: its value (undefined: nothing to judge) and verdict. */
export interface Observation {
  entity: string;
  value: number | undefined;
  /** Whether the condition holds; undefined when the value is (a share of no flights): nothing changes. */
  breached: boolean | undefined;
}

/** A change worth telling: an alert fires, fires again (repeat interval), or resolves. */
export interface AlertTransition {
  /** The same on every instance that sees the same minutes: receivers and InfluxDB deduplicate on it. */
  key: string;
  rule: string;
  entity: string;
  status: 'firing' | 'resolved';
  /** Minute the condition started to hold (the pending start), epoch ms. */
  startsAt: number;
  /** The evaluated minute of this transition. */
  at: number;
  /** 0 for the first notice of a firing, 1, 2 … for each repeat. */
  repeat: number;
  value: number | undefined;
}

interface Tracked {
  since: number;
  firingAt?: number;
  notifiedAt?: number;
  repeats: number;
  value: number | undefined;
}

/** An alert firing at a given minute, as the record of transitions (the `alerts` measurement) tells it. */
export interface RestoredAlert {
  entity: string;
  since: number;
  firingAt: number;
  /** The minute of its last notice (the first, or the last repeat). */
  notifiedAt: number;
  repeats: number;
  value: number | undefined;
}

/**
 * Alert states as Alertmanager and Grafana keep them, per rule and entity: pending while the condition holds for
 * less than the rule's `for`, firing once it has held that long, resolved when it stops; a firing alert is told
 * again every `repeat`. Evaluated once per complete minute (`at`, the minute's start): the same minutes give the
 * same transitions with the same keys on every instance. Pure state, no I/O.
 */
export class AlertBook {
  private readonly tracked = new Map<string, Map<string, Tracked>>();
  private readonly evaluated = new Map<string, number>();

  /** The transitions of `rule` at minute `at`; a minute already evaluated for the rule gives none. */
  evaluate(rule: AlertRule, at: number, observations: readonly Observation[]): AlertTransition[] {
    if ((this.evaluated.get(rule.name) ?? Number.NEGATIVE_INFINITY) >= at) return [];
    this.evaluated.set(rule.name, at);
    let states = this.tracked.get(rule.name);
    if (!states) this.tracked.set(rule.name, (states = new Map()));
    const out: AlertTransition[] = [];
    const seen = new Set<string>();
    for (const observation of observations) {
      seen.add(observation.entity);
      const transition = this.step(rule, at, observation, states);
      if (transition) out.push(transition);
    }
    // An entity no longer observed (its minutes left the window) stops breaching.
    for (const entity of [...states.keys()])
      if (!seen.has(entity)) {
        const transition = this.step(rule, at, { entity, value: undefined, breached: false }, states);
        if (transition) out.push(transition);
      }
    return out;
  }

  /**
   * Picks up a rule where the record of transitions leaves it (a restarted web server): `firing` were firing after
   * minute `judged`, which counts as evaluated. Pending alerts are not recorded: they start again from here.
   */
  restore(rule: string, judged: number, firing: readonly RestoredAlert[]): void {
    this.evaluated.set(rule, judged);
    this.tracked.set(rule, new Map(firing.map(({ entity, ...alert }) => [entity, { ...alert }])));
  }

  /** The last minute judged for a rule, if any. */
  judged(rule: string): number | undefined {
    return this.evaluated.get(rule);
  }

  /** What is firing now, for the dashboard's alert bar. */
  firing(): { rule: string; entity: string; startsAt: number; firingAt: number; value: number | undefined }[] {
    return [...this.tracked].flatMap(([rule, states]) =>
      [...states]
        .filter(([, tracked]) => tracked.firingAt !== undefined)
        .map(([entity, tracked]) => ({
          rule,
          entity,
          startsAt: tracked.since,
          firingAt: tracked.firingAt!,
          value: tracked.value,
        })),
    );
  }

  private step(rule: AlertRule, at: number, observation: Observation, states: Map<string, Tracked>) {
    const { entity, breached, value } = observation;
    const tracked = states.get(entity);
    if (breached === undefined) return undefined;
    if (!breached) {
      states.delete(entity);
      if (tracked?.firingAt === undefined) return undefined;
      return this.transition(rule, entity, 'resolved', tracked, at, value, tracked.repeats);
    }
    const current: Tracked = tracked ?? { since: at, repeats: 0, value };
    current.value = value;
    states.set(entity, current);
    if (current.firingAt === undefined) {
      // Held for `for` once the minutes since its start (this one included) cover it.
      if (at + MINUTE_MS - current.since < Math.max(rule.forMs, MINUTE_MS)) return undefined;
      current.firingAt = at;
      current.notifiedAt = at;
      return this.transition(rule, entity, 'firing', current, at, value, 0);
    }
    if (rule.repeatMs > 0 && at - current.notifiedAt! >= rule.repeatMs) {
      current.notifiedAt = at;
      current.repeats += 1;
      return this.transition(rule, entity, 'firing', current, at, value, current.repeats);
    }
    return undefined;
  }

  private transition(
    rule: AlertRule,
    entity: string,
    status: AlertTransition['status'],
    tracked: Tracked,
    at: number,
    value: number | undefined,
    repeat: number,
  ): AlertTransition {
    const key = `${rule.name}/${entity}/${tracked.since}/${status === 'resolved' ? 'resolved' : `firing-${repeat}`}`;
    return { key, rule: rule.name, entity, status, startsAt: tracked.since, at, repeat, value };
  }
}
