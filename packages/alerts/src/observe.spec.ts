import { describe, expect, it } from 'vitest';
import { alertMessage, alertNotification, slackBody } from './notification.ts';
import { type MinutesView, observe } from './observe.ts';
import type { AlertRule } from './rules.ts';

const M = 60_000;
const AT = Date.UTC(2026, 11, 5, 8, 14);
const base: AlertRule = {
  name: 'r',
  metric: 'flights',
  dimension: 'departure',
  windowMs: 15 * M,
  condition: { kind: 'below', threshold: 20 },
  forMs: 0,
  repeatMs: 0,
  labels: { team: 'ops' },
  message: '{{entity}}: {{value}} {{metric}} in {{window}} ({{labels.team}})',
  notify: [],
};

/** Flights per entity in the window ending with AT's minute, and in the window before. */
function view(
  now: Record<string, number>,
  before: Record<string, number>,
  last: Record<string, number> = {},
): MinutesView {
  const asSums = (counts: Record<string, number>) =>
    new Map(
      Object.entries(counts).map(([entity, flights]) => [
        entity,
        { flights, fare_sum: flights * 100, fare_count: flights },
      ]),
    );
  return {
    sums: (_dimension, from, to) => {
      if (to === AT + M && from === AT + M - 15 * M) return asSums(now);
      if (to === AT + M - 15 * M) return asSums(before);
      throw new Error(`unexpected window ${from}..${to}`);
    },
    lastFlight: () => new Map(Object.entries(last)),
  };
}

describe('observe', () => {
  it('reads one entity even without flights: none is a reading of 0', () => {
    const observations = observe({ ...base, entity: 'DEL' }, AT, view({ BOM: 40 }, {}));
    expect(observations).toEqual([{ entity: 'DEL', value: 0, breached: true }]);
  });

  it('reads every entity of the window and the one before, so a drop to nothing counts', () => {
    const rule: AlertRule = { ...base, condition: { kind: 'change', percent: -50 } };
    const observations = observe(rule, AT, view({ DEL: 40, BOM: 9 }, { DEL: 50, BOM: 30, MAA: 10 }));
    expect(observations.map((o) => `${o.entity} ${o.breached}`)).toEqual(['DEL false', 'BOM true', 'MAA true']);
  });

  it('has nothing to judge for an average over no flights', () => {
    const rule: AlertRule = {
      ...base,
      metric: 'averageFare',
      entity: 'DEL',
      condition: { kind: 'above', threshold: 1 },
    };
    expect(observe(rule, AT, view({}, {}))[0]!.breached).toBeUndefined();
    expect(observe(rule, AT, view({ DEL: 3 }, {}))[0]).toMatchObject({ value: 100, breached: true });
  });

  it('the deadman: minutes since the last flight', () => {
    const rule: AlertRule = { ...base, condition: { kind: 'noData', forMs: 10 * M } };
    const observations = observe(rule, AT, view({}, {}, { DEL: AT - 10 * M, BOM: AT - 2 * M }));
    expect(observe({ ...rule, entity: 'MAA' }, AT, view({}, {}, { DEL: AT }))).toEqual([]);
    expect(observations).toEqual([
      { entity: 'DEL', value: 10, breached: true },
      { entity: 'BOM', value: 2, breached: false },
    ]);
  });

  it('deviation: further from the usual for the hour than k spreads, a count scaled to the window', () => {
    const rule: AlertRule = { ...base, condition: { kind: 'deviation', spreads: 3 } };
    // Usually 80 ± 4 an hour: 20 ± 1 in 15 minutes, so 17 to 23 is usual.
    const usual = {
      ...view({ DEL: 23, BOM: 24, MAA: 16 }, {}),
      usual: (_r: AlertRule, entity: string) => (entity === 'MAA' ? undefined : { mean: 80, spread: 4 }),
    };
    expect(observe(rule, AT, usual).map((o) => `${o.entity} ${o.breached}`)).toEqual([
      'DEL false',
      'BOM true',
      'MAA undefined',
    ]);
    const average: AlertRule = { ...rule, metric: 'averageFare' };
    const fares = { ...view({ DEL: 1 }, {}), usual: () => ({ mean: 90, spread: 3 }) };
    expect(observe(average, AT, fares)[0]).toMatchObject({ value: 100, breached: true });
  });

  it('fills the message and the documented webhook bodies', () => {
    const transition = {
      key: 'k',
      rule: 'r',
      entity: 'DEL',
      status: 'firing' as const,
      startsAt: AT,
      at: AT,
      repeat: 0,
      value: 12,
    };
    expect(alertMessage(base, transition)).toBe('DEL: 12 flights in 15m (ops)');
    expect(alertNotification(base, transition)).toMatchObject({
      version: 1,
      key: 'k',
      status: 'firing',
      entity: 'DEL',
      startsAt: new Date(AT).toISOString(),
      endsAt: null,
    });
    expect(slackBody(alertNotification(base, transition)).text).toBe(
      ':rotating_light: FIRING DEL: 12 flights in 15m (ops)',
    );
  });
});
