import { describe, expect, it } from 'vitest';
import { emptyMinute, addEvent } from '../window/MinuteCounts.ts';
import type { MinuteSnapshot } from '../window/PartitionWindows.ts';
import { dirtyLines, RETENTION_MARGIN_MS } from './dirtyLines.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const retentions = { now: NOW, minuteRetentionMs: 30 * DAY, rollupRetentionMs: 400 * DAY };

function snapshot(start: number, history: boolean, flights = 1): MinuteSnapshot {
  const counts = emptyMinute();
  for (let i = 0; i < flights; i += 1) {
    addEvent(counts, {
      v: 1, id: `e${i}`, ts: start, origin: { file: 'f.csv', row: 1 }, carrier: 'IndiGo', journeyDate: '2019-03-24',
      sourceCity: 'Banglore', sourceCityName: 'Bangalore', destinationCity: 'New Delhi', destinationCityName: 'New Delhi',
      route: ['BLR', 'DEL'], departureAirport: 'BLR', arrivalAirport: 'DEL', stops: 0, departureTime: '22:20',
      arrivalTime: '01:10', arrivalDayOffset: 1, durationMinutes: 170, price: 100, additionalInfo: null,
    }, false);
  }
  return { start, history, counts, version: 1 };
}

describe('dirtyLines', () => {
  it('puts live minutes with the minutes (noting their hours for the re-roll) and history minutes with the rollups', () => {
    const live = NOW - 3 * DAY;
    const old = NOW - 200 * DAY;
    const out = dirtyLines([['flight.events.v1/0', [snapshot(live, false), snapshot(old, true)]]], retentions);
    expect(out.minuteStarts).toEqual([live]);
    expect(out.minuteLines.every((line) => line.endsWith(` ${live}`))).toBe(true);
    expect(out.historyLines.length).toBeGreaterThan(0);
    expect(out.historyLines.every((line) => line.endsWith(` ${old}`) && line.includes('stream=flight.events.v1/0'))).toBe(true);
    expect(out.expired).toEqual({ minutes: 0, flights: 0 });
  });

  it('leaves out and counts what InfluxDB would drop silently: live minutes past 30 days, history past 400 (less the margin)', () => {
    const out = dirtyLines([
      ['s/0', [snapshot(NOW - 30 * DAY + RETENTION_MARGIN_MS - 60_000, false, 3), snapshot(NOW - 400 * DAY, true, 2), snapshot(NOW - 399 * DAY, true)]],
    ], retentions);
    expect(out.expired).toEqual({ minutes: 2, flights: 5 });
    expect(out.minuteLines).toEqual([]);
    expect(out.historyLines.length).toBeGreaterThan(0);
  });
});
