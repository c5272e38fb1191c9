import { describe, expect, it } from 'vitest';
import { fillFraction, progressBar, watchMonthFill } from './fillProgress.ts';

describe('the month fill progress', () => {
  it('draws a bar of the fraction done', () => {
    expect(progressBar(0, 10)).toBe('░░░░░░░░░░   0%');
    expect(progressBar(0.48, 10)).toBe('▓▓▓▓▓░░░░░  48%');
    expect(progressBar(1.2, 10)).toBe('▓▓▓▓▓▓▓▓▓▓ 100%');
  });

  it('measures the way from the first day to the start by the newest minute InfluxDB holds', () => {
    expect(fillFraction(undefined, 0, 100)).toBe(0);
    expect(fillFraction(25, 0, 100)).toBe(0.25);
    expect(fillFraction(150, 0, 100)).toBe(1);
  });

  it('prints a line at each tenth, not at each look, and ends when InfluxDB holds the last minutes', async () => {
    const minutes = [undefined, 50_000, 60_000, 300_000, 310_000, 700_000, 1_000_000 - 60_000];
    const lines: string[] = [];
    const done = await watchMonthFill({
      newestMinute: async () => minutes.shift(),
      from: 0,
      until: 1_000_000,
      log: (line) => lines.push(line),
      intervalMs: 1,
    });
    expect(done).toBe(true);
    expect(lines.map((line) => /(\d+)%/.exec(line)![1])).toEqual(['0', '30', '70', '100']);
  });
});
