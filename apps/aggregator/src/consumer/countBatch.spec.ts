import { describe, expect, it } from 'vitest';
import type { FlightEvent } from '@flights/schemas';
import { PartitionWindows } from '../window/PartitionWindows.ts';
import { countBatch, type BatchMessage } from './countBatch.ts';

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const event = (ts: number, id: string): FlightEvent => ({
  v: 1,
  id,
  ts,
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
});
const message = (offset: number, value: string | null, sentAt = T0): BatchMessage => ({
  offset: String(offset),
  value: value === null ? null : Buffer.from(value),
  timestamp: String(sentAt),
});

describe('countBatch', () => {
  it('counts good events, dead-letters poison and late ones with their reason and origin, and ends at the last offset', () => {
    const windows = new PartitionWindows(60_000);
    const out = countBatch(
      windows,
      'flights',
      3,
      [
        message(10, JSON.stringify(event(T0 + 10 * 60_000, 'a'))),
        message(11, 'not json'),
        message(12, null),
        message(13, JSON.stringify({ v: 1 })),
        message(14, JSON.stringify(event(T0, 'b'))), // ten minutes behind: late
        message(15, JSON.stringify(event(T0 + 10 * 60_000 + 5, 'c'))),
      ],
      () => true,
      T0,
    );
    expect(out).toMatchObject({ consumed: 6, counted: 2, late: 1, last: '15' });
    expect(Object.fromEntries(out.invalid)).toEqual({ 'not JSON': 1, 'empty message': 1, 'invalid id': 1 });
    expect(out.letters.map((l) => [l.reason, l.origin])).toEqual([
      ['not JSON', { topic: 'flights', partition: 3, offset: '11' }],
      ['empty message', { topic: 'flights', partition: 3, offset: '12' }],
      ['invalid id', { topic: 'flights', partition: 3, offset: '13' }],
      ['late', { topic: 'flights', partition: 3, offset: '14' }],
    ]);
    expect(windows.commitPoint()!.checkpoint.seen).toBe('16');
  });

  it('dead-letters an event further ahead of its record than the bound as future, and keeps the watermark where it was', () => {
    const windows = new PartitionWindows(60_000, undefined, { network: true, maxFutureMs: 86_400_000 });
    const out = countBatch(
      windows,
      'flights',
      0,
      [
        message(0, JSON.stringify(event(T0, 'a'))),
        message(1, JSON.stringify(event(T0 + 365 * 86_400_000, 'typo year'))),
        message(2, JSON.stringify(event(T0 + 30_000, 'b'))),
        message(3, JSON.stringify(event(T0 + 86_400_000 - 60_000, 'a day ahead, within the bound'))),
      ],
      () => true,
      T0,
    );
    expect(out).toMatchObject({ consumed: 4, counted: 3, late: 0, future: 1, last: '3' });
    expect(out.letters.map((l) => [l.reason, l.origin.offset])).toEqual([['future', '1']]);
    expect(out.letters[0]!.detail).toBe(
      "event time 2027-11-26T12:00:00.000Z is 8760 h ahead of its record's timestamp",
    );
    expect(windows.watermark).toBe(T0 + 86_400_000 - 120_000);
  });

  it('skips what the client hands again (a fetch from an older position after a leader moved): nothing counts twice', () => {
    const windows = new PartitionWindows(60_000);
    const batch = (offsets: number[]) =>
      countBatch(
        windows,
        'flights',
        0,
        offsets.map((offset) => message(offset, JSON.stringify(event(T0 + offset * 1000, `e${offset}`)))),
        () => true,
        T0,
      );
    expect(batch([0, 1, 2, 3])).toMatchObject({ counted: 4, redelivered: 0 });
    expect(batch([2, 3, 4, 5])).toMatchObject({ counted: 2, redelivered: 2, consumed: 2, last: '5' });
    expect(batch([4, 5])).toMatchObject({ counted: 0, redelivered: 2, consumed: 0 });
    expect(batch([4, 5]).last).toBeUndefined();
    const [minute] = windows.dirty();
    expect(minute!.counts.total.flights).toBe(6);
  });

  it('stops where it is told to (a rebalance) and says how far it got', () => {
    let left = 2;
    const out = countBatch(
      new PartitionWindows(60_000),
      'flights',
      0,
      [message(0, 'x'), message(1, 'y'), message(2, 'z')],
      () => left-- > 0,
    );
    expect(out).toMatchObject({ consumed: 2, last: '1' });
    expect(countBatch(new PartitionWindows(60_000), 'flights', 0, [message(0, 'x')], () => false).last).toBeUndefined();
  });
});
