import { describe, expect, it } from 'vitest';
import { AlertBook, type Observation } from './AlertBook.ts';
import type { AlertRule } from './rules.ts';

const M = 60_000;
const T0 = Date.UTC(2026, 11, 5, 8, 0);
const rule: AlertRule = {
  name: 'quiet',
  metric: 'flights',
  dimension: 'departure',
  windowMs: 15 * M,
  condition: { kind: 'below', threshold: 20 },
  forMs: 3 * M,
  repeatMs: 10 * M,
  labels: {},
  message: '',
  notify: [],
};
const seen = (breached: boolean | undefined, entity = 'DEL'): Observation[] => [{ entity, value: 5, breached }];

/** Evaluates minute after minute; the transitions as "minute status repeat". */
function run(book: AlertBook, verdicts: (boolean | undefined)[]): string[] {
  return verdicts.flatMap((breached, minute) =>
    book.evaluate(rule, T0 + minute * M, seen(breached)).map((t) => `${minute} ${t.status} ${t.repeat}`),
  );
}

describe('AlertBook', () => {
  it('is pending until the condition held for `for`, fires once, resolves once', () => {
    expect(run(new AlertBook(), [false, true, true, true, true, true, false, false])).toEqual([
      '3 firing 0',
      '6 resolved 0',
    ]);
  });

  it('never fires when the condition stops while pending', () => {
    expect(run(new AlertBook(), [true, true, false, true, true, false])).toEqual([]);
  });

  it('tells a firing alert again every repeat interval, and nothing changes on a reading with nothing to judge', () => {
    const verdicts = [true, true, true, ...Array<boolean | undefined>(12).fill(true), undefined, true];
    expect(run(new AlertBook(), verdicts)).toEqual(['2 firing 0', '12 firing 1']);
  });

  it('evaluates a minute once, and gives every instance the same keys for the same minutes', () => {
    const a = new AlertBook();
    const b = new AlertBook();
    const keys = (book: AlertBook) =>
      [0, 1, 2, 2, 3].flatMap((minute) => book.evaluate(rule, T0 + minute * M, seen(minute < 3)).map((t) => t.key));
    expect(keys(a)).toEqual([`quiet/DEL/${T0}/firing-0`, `quiet/DEL/${T0}/resolved`]);
    expect(keys(b)).toEqual(keys(new AlertBook()));
  });

  it('resolves an entity that is no longer observed, and lists what fires', () => {
    const book = new AlertBook();
    for (const minute of [0, 1, 2]) book.evaluate(rule, T0 + minute * M, seen(true, 'BOM'));
    expect(book.firing()).toEqual([{ rule: 'quiet', entity: 'BOM', startsAt: T0, firingAt: T0 + 2 * M, value: 5 }]);
    expect(book.evaluate(rule, T0 + 3 * M, []).map((t) => t.status)).toEqual(['resolved']);
    expect(book.firing()).toEqual([]);
  });

  it('restored from the record, goes on with the same keys as the book that never stopped', () => {
    const verdicts = [true, true, true, true, true, true, true, true, true, true, true, true, true, true, false];
    const whole = run(new AlertBook(), verdicts);
    // Firing since minute 0 (fired at 2, told again at 12), judged through minute 12 when the server died.
    const restored = new AlertBook();
    restored.restore(rule.name, T0 + 12 * M, [
      { entity: 'DEL', since: T0, firingAt: T0 + 2 * M, notifiedAt: T0 + 12 * M, repeats: 1, value: 5 },
    ]);
    const after = verdicts.flatMap((breached, minute) =>
      restored.evaluate(rule, T0 + minute * M, seen(breached)).map((t) => `${minute} ${t.status} ${t.repeat}`),
    );
    expect(whole).toEqual(['2 firing 0', '12 firing 1', '14 resolved 1']);
    expect(after).toEqual(['14 resolved 1']);
    expect(restored.judged(rule.name)).toBe(T0 + 14 * M);
  });
});
