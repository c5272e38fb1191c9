import { describe, expect, it } from 'vitest';
import { HOUR_MS, MINUTE_MS, parseRangeParams, resolveRange } from './ranges.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 30, 25);

describe('time ranges', () => {
  it('reads short ranges by the minute, the current minute last', () => {
    const range = resolveRange({ kind: 'relative', range: '15m' }, NOW);
    expect(range.resolution).toBe('minute');
    expect(range.buckets).toHaveLength(15);
    expect(range.buckets.at(-1)).toBe(Date.UTC(2026, 10, 26, 12, 30));
    expect(range.to).toBe(Date.UTC(2026, 10, 26, 12, 31));
    expect(range.live).toBe(true);
  });

  it('reads 24 hours and more by the hour: 30 days are 720 buckets ending with the current hour', () => {
    const range = resolveRange({ kind: 'relative', range: '30d' }, NOW);
    expect(range.resolution).toBe('hour');
    expect(range.buckets).toHaveLength(720);
    expect(range.buckets.at(-1)).toBe(Date.UTC(2026, 10, 26, 12));
    expect(range.buckets[1]! - range.buckets[0]!).toBe(HOUR_MS);
  });

  it('aligns an absolute range to its buckets and picks the resolution by its length', () => {
    const short = resolveRange(
      { kind: 'absolute', from: Date.UTC(2026, 10, 20, 8, 0, 30), to: Date.UTC(2026, 10, 20, 9, 59, 1) },
      NOW,
    );
    expect(short.resolution).toBe('minute');
    expect(short.from).toBe(Date.UTC(2026, 10, 20, 8));
    expect(short.to).toBe(Date.UTC(2026, 10, 20, 10));
    expect(short.buckets).toHaveLength(120);
    expect(short.live).toBe(false);
    expect(short.buckets[1]! - short.buckets[0]!).toBe(MINUTE_MS);
    const week = resolveRange({ kind: 'absolute', from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 8) }, NOW);
    expect([week.resolution, week.buckets.length, week.key]).toEqual([
      'hour',
      168,
      '2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z',
    ]);
  });

  it('parses the URL, and says what is wrong instead of falling back', () => {
    expect(parseRangeParams(new URLSearchParams('range=30d'))).toEqual({
      ok: true,
      request: { kind: 'relative', range: '30d' },
    });
    expect(parseRangeParams(new URLSearchParams(''))).toEqual({
      ok: true,
      request: { kind: 'relative', range: '15m' },
    });
    expect(parseRangeParams(new URLSearchParams('window=1h'))).toEqual({
      ok: true,
      request: { kind: 'relative', range: '1h' },
    });
    expect(parseRangeParams(new URLSearchParams('from=2026-11-01T00:00Z&to=2026-11-02T00:00Z'))).toMatchObject({
      ok: true,
      request: { kind: 'absolute' },
    });
    expect(parseRangeParams(new URLSearchParams('range=2y'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('Unknown time range "2y"'),
    });
    expect(parseRangeParams(new URLSearchParams('from=2026-11-02&to=2026-11-01'))).toMatchObject({
      ok: false,
      message: expect.stringContaining('end after it starts'),
    });
    expect(parseRangeParams(new URLSearchParams('from=yesterday&to=now'))).toMatchObject({ ok: false });
  });
});
