import { describe, expect, it } from 'vitest';
import { AlertRulesError, parseAlertRules } from './rules.ts';

const GOOD = `
receivers:
  - { name: ops, url: http://127.0.0.1:9999/hook }
  - { name: chat, url: https://hooks.example.com/x, format: slack }
rules:
  - name: quiet-delhi
    metric: flights
    dimension: departure
    entity: DEL
    window: 15m
    condition: { below: 20 }
    for: 5m
    notify: [ops]
  - name: any-carrier-late
    metric: averageArrivalDelay
    dimension: carrier
    window: 1h
    condition: { above: 30 }
`;

function problems(text: string): string[] {
  try {
    parseAlertRules(text, 'alerts.yaml');
  } catch (error) {
    if (error instanceof AlertRulesError) return error.problems;
    throw error;
  }
  return [];
}

describe('alert rules as code', () => {
  it('reads YAML with durations, defaults and receivers', () => {
    const { rules, receivers } = parseAlertRules(GOOD);
    expect(receivers.map((r) => r.format)).toEqual(['json', 'slack']);
    expect(rules[0]).toMatchObject({
      windowMs: 15 * 60_000,
      forMs: 5 * 60_000,
      condition: { kind: 'below', threshold: 20 },
      notify: ['ops'],
    });
    // No notify: every receiver; no for: at once; repeat every 4 hours.
    expect(rules[1]).toMatchObject({ notify: ['ops', 'chat'], forMs: 0, repeatMs: 4 * 3_600_000 });
  });

  it('reads JSON too', () => {
    const json = JSON.stringify({
      rules: [{ name: 'x', metric: 'flights', window: '5m', condition: { noData: '10m' } }],
    });
    expect(parseAlertRules(json).rules[0]!.condition).toEqual({ kind: 'noData', forMs: 10 * 60_000 });
    const deviation = 'rules:\n  - { name: d, metric: flights, window: 1h, condition: { deviation: 3 } }\n';
    expect(parseAlertRules(deviation).rules[0]!.condition).toEqual({ kind: 'deviation', spreads: 3 });
  });

  it('names every problem with its rule and field, one line each', () => {
    const found = problems(`
rules:
  - name: a
    metric: fares
    window: 15m
    condition: { above: 1 }
`);
    expect(found).toEqual([expect.stringMatching(/^rule 1 \(a\) metric: /)]);
    const second = problems(`
rules:
  - name: b
    metric: flights
    window: 36h
    entity: DEL
    condition: { above: 1 }
    notify: [nobody]
  - name: c
    metric: flights
    window: 13h
    condition: { change: -50 }
  - name: d
    metric: flights
    window: 5m
    condition: { noData: 3h }
silences:
  - { rule: e, until: "2026-12-06T08:00:00Z" }
`);
    expect(second).toEqual([
      'rule 1 (b) window: 36h is outside 5m to 24h',
      'rule 1 (b) entity: needs a dimension (carrier, departure, …)',
      'rule 1 (b) notify: no receiver named nobody',
      'rule 2 (c) window: 13h is over 12h, and a change compares it with the window before',
      'rule 3 (d) condition.noData: 3h is over 2h (the live minutes)',
      'silences.0 rule: no rule named e',
    ]);
    expect(problems('rules: [')).toEqual([expect.stringMatching(/^not YAML or JSON: /)]);
    expect(problems('rules:\n  - name: c\n    metric: flights\n    window: soon\n    condition: { above: 1 }')).toEqual(
      ['rule 1 (c) window: a duration such as 90s, 15m or 2h'],
    );
  });
});
