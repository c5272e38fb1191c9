import { describe, expect, it } from 'vitest';
import { MessageBudget } from './MessageBudget.ts';

describe('MessageBudget', () => {
  it('allows a burst, then the sustained rate, and refuses beyond', () => {
    const budget = new MessageBudget(20, 5, 0);
    for (let i = 0; i < 20; i += 1) expect(budget.take(0)).toBe(true);
    expect(budget.take(0)).toBe(false);
    expect(budget.take(200)).toBe(true); // a fifth of a second earns one message
    expect(budget.take(200)).toBe(false);
    expect(budget.take(10_000)).toBe(true); // refilled, up to the burst
  });
});
