import { describe, expect, it } from 'vitest';
import { emptyMinute, addEvent } from '../window/MinuteCounts.ts';
import type { MinuteSnapshot } from '../window/PartitionWindows.ts';
import { dirtyLines, RETENTION_MARGIN_MS } from './dirtyLines.ts';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 26, 12, 0, 0);
const retentions = { now: NOW, minuteRetentionMs: 30 * DAY, rollupRetentionMs: 400 * DAY };

function snapshot(start: number, kind: MinuteSnapshot['kind'], flights = 1): MinuteSnapshot {
  const counts = emptyMinute();
  for (let i = 0; i < flights; i += 1) {
    addEvent(
      counts,
      {
        v: 1,
        id: `e${i}`,
        ts: start,
        origin: { file: 'f.csv', row: 1 },
        carrier: 'IndiGo',
        journeyDate: '2019-03-24',
        sourceCity: 'Banglore',
        sourceCityName: 'Bangalore',
        destinationCity: 'New Delhi',
        destinationCityName: 'New Delhi',
        route: ['BLR', 'DEL'],
        departureAirport: 'BLR',
        arrivalAirport: 'DEL',
        stops: 0,
        departureTime: '22:20',
        arrivalTime: '01:10',
        arrivalDayOffset: 1,
        durationMinutes: 170,
        price: 100,
        additionalInfo: null,
      },
      false,
    );
  }
  return { start, kind, counts, version: 1 };
}

describe('dirtyLines', () => {
  it('puts minutes with the minutes (noting only the live ones for the re-roll, history under a stream of its own) and history hours with the rollups', () => {
    const live = NOW - 3 * DAY;
    const old = NOW - 200 * DAY;
    const out = dirtyLines(
      [
        [
          'flight.events.v1/0',
          [snapshot(live, 'minute'), snapshot(old, 'history-hour'), snapshot(live + 60_000, 'history-minute')],
        ],
      ],
      retentions,
    );
    expect(out.minuteStarts).toEqual([live]);
    expect(
      out.minuteLines
        .filter((line) => line.endsWith(` ${live}`))
        .every((line) => line.includes('stream=flight.events.v1/0 ')),
    ).toBe(true);
    expect(
      out.minuteLines
        .filter((line) => line.endsWith(` ${live + 60_000}`))
        .every((line) => line.includes('stream=flight.events.v1/0/history ')),
    ).toBe(true);
    expect(out.historyLines.length).toBeGreaterThan(0);
    expect(
      out.historyLines.every((line) => line.endsWith(` ${old}`) && line.includes('stream=flight.events.v1/0')),
    ).toBe(true);
    expect(out.expired).toEqual({ minutes: 0, flights: 0 });
  });

  it('leaves out and counts what InfluxDB would drop silently: live minutes past 30 days, history past 400 (less the margin)', () => {
    const out = dirtyLines(
      [
        [
          's/0',
          [
            snapshot(NOW - 30 * DAY + RETENTION_MARGIN_MS - 60_000, 'minute', 3),
            snapshot(NOW - 400 * DAY, 'history-hour', 2),
            snapshot(NOW - 399 * DAY, 'history-hour'),
          ],
        ],
        // History's minute past the retention: left out, but not lost (its flights are in its hour).
        ['s/1', [snapshot(NOW - 30 * DAY, 'history-minute', 4)]],
      ],
      retentions,
    );
    expect(out.expired).toEqual({ minutes: 2, flights: 5 });
    expect(out.minuteLines).toEqual([]);
    expect(out.historyLines.length).toBeGreaterThan(0);
  });
});
