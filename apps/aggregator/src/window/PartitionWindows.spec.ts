import { describe, expect, it } from 'vitest';
import type { FlightEvent } from '@flights/schemas';
import { MINUTE_MS } from './MinuteCounts.ts';
import { PartitionWindows, type MinuteSnapshot, type WindowOptions } from './PartitionWindows.ts';

const T0 = Date.UTC(2026, 10, 24, 12, 0, 0);
const LATENESS = 2 * MINUTE_MS;
const HOUR = 60 * MINUTE_MS;
const DAY = 24 * HOUR;

function event(ts: number, carrier = 'IndiGo', price: number | null = 100): FlightEvent {
  return {
    v: 1,
    id: `e${ts}`,
    ts,
    origin: { file: 'f.csv', row: 1 },
    carrier,
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
    price,
    additionalInfo: null,
  };
}

/** InfluxDB's rule: a point with the same series and time overwrites the old one. */
class FakeStore {
  readonly points = new Map<string, number>();
  write(snapshots: MinuteSnapshot[]): void {
    for (const { start, kind, counts } of snapshots) {
      // Each kind is a series of its own: never overwriting another's point.
      const at = kind === 'minute' ? `${start}` : `${start} ${kind}`;
      this.points.set(`${at} total`, counts.total.flights);
      for (const [carrier, tally] of counts.byDimension.carrier) this.points.set(`${at} ${carrier}`, tally.flights);
    }
  }
  sum(): number {
    return [...this.points].filter(([key]) => key.endsWith(' total')).reduce((s, [, n]) => s + n, 0);
  }
}

/**
 * Counts `records` at offsets 0, 1, 2 ... and, at random, flushes (write,
 * then commit) or crashes (kill -9: memory gone, resume from the last
 * commit); ends with a last write. The store as it ends, and the crashes.
 */
function countWithCrashes(
  records: readonly { event: FlightEvent; sentAt?: number }[],
  options: WindowOptions | undefined,
  rand: () => number,
  rates: { flush: number; crash: number },
): { store: FakeStore; crashes: number } {
  const store = new FakeStore();
  let committed: ReturnType<PartitionWindows['commitPoint']>;
  let windows = new PartitionWindows(LATENESS, undefined, options);
  let offset = 0;
  let crashes = 0;
  while (offset < records.length) {
    windows.add(records[offset]!.event, String(offset), records[offset]!.sentAt);
    offset += 1;
    if (rand() < rates.flush) {
      const dirty = windows.dirty();
      store.write(dirty);
      windows.written(dirty);
      committed = windows.commitPoint();
    }
    if (rand() < rates.crash) {
      crashes += 1;
      windows = new PartitionWindows(LATENESS, committed?.checkpoint, options);
      offset = committed ? Number(committed.offset) : 0;
    }
  }
  store.write(windows.dirty());
  return { store, crashes };
}

describe('PartitionWindows', () => {
  it('counts events into 1-minute windows on event time, per carrier, with fare sums', () => {
    const windows = new PartitionWindows(LATENESS);
    windows.add(event(T0 + 1_000), '0');
    windows.add(event(T0 + 59_999, 'SpiceJet', null), '1');
    windows.add(event(T0 + 60_000, 'IndiGo', 250), '2');
    const [first, second] = windows.dirty().sort((a, b) => a.start - b.start);
    expect(first!.start).toBe(T0);
    expect(first!.counts.total).toMatchObject({
      flights: 2,
      fareSum: 100,
      fareCount: 1,
      durationSum: 340,
      depDelayCount: 0,
    });
    expect(Object.fromEntries(first!.counts.byDimension.carrier)).toEqual({
      IndiGo: expect.objectContaining({ flights: 1, fareSum: 100, fareCount: 1, durationSum: 170 }),
      SpiceJet: expect.objectContaining({ flights: 1, fareSum: 0, fareCount: 0, durationSum: 170 }),
    });
    expect(first!.counts.byDimension.route.get('BLR-DEL')!.flights).toBe(2);
    expect(second).toMatchObject({ start: T0 + MINUTE_MS, counts: { total: { flights: 1, fareSum: 250 } } });
  });

  it('takes an event within the allowed lateness into its minute and marks the minute for rewriting', () => {
    const windows = new PartitionWindows(LATENESS);
    windows.add(event(T0), '0');
    windows.add(event(T0 + 2 * MINUTE_MS + 30_000), '1');
    windows.written(windows.dirty());
    expect(windows.dirty()).toEqual([]);
    expect(windows.add(event(T0 + 5_000), '2')).toBe('counted');
    expect(windows.dirty()).toEqual([
      expect.objectContaining({
        start: T0,
        counts: expect.objectContaining({ total: expect.objectContaining({ flights: 2 }) }),
      }),
    ]);
  });

  it('calls an event late once the watermark has passed the end of its minute', () => {
    const windows = new PartitionWindows(LATENESS);
    windows.add(event(T0), '0');
    windows.add(event(T0 + 3 * MINUTE_MS), '1'); // watermark = T0 + 1 min: minute T0 closes
    windows.written(windows.dirty());
    expect(windows.openMinutes).toBe(1);
    expect(windows.add(event(T0 + 59_000), '2')).toBe('late');
    expect(windows.dirty()).toEqual([]);
  });

  it('keeps a closed minute that could not be written, and the commit point behind it', () => {
    const windows = new PartitionWindows(LATENESS);
    windows.add(event(T0), '10');
    windows.add(event(T0 + 3 * MINUTE_MS), '11');
    expect(windows.openMinutes).toBe(2);
    const point = windows.commitPoint()!;
    expect(point.offset).toBe('10');
    // The restored watermark keeps that minute open, so its events are rebuilt, not skipped.
    const restarted = new PartitionWindows(LATENESS, point.checkpoint);
    expect(restarted.add(event(T0), '10')).toBe('counted');
  });

  it('commits past everything read once every minute is final', () => {
    const windows = new PartitionWindows(LATENESS);
    windows.add(event(T0), '0');
    windows.add(event(T0 + 10 * MINUTE_MS), '1');
    windows.written(windows.dirty());
    expect(windows.commitPoint()!.offset).toBe('1'); // the open minute's first message
    windows.add(event(T0 + 20 * MINUTE_MS), '2');
    windows.written(windows.dirty());
    expect(windows.commitPoint()!.offset).toBe('2');
  });

  it('gives exactly the same stored counts when the consumer crashes at any moment and restarts from its commit point', () => {
    // A stream with disorder inside the allowed lateness, over 30 minutes.
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const stream = Array.from({ length: 3000 }, (_, i) =>
      event(T0 + i * 600 - Math.floor(rand() * 90_000), rand() < 0.5 ? 'IndiGo' : 'GoAir'),
    );

    const reference = new FakeStore();
    const once = new PartitionWindows(LATENESS);
    stream.forEach((e, i) => {
      once.add(e, String(i));
    });
    reference.write(once.dirty());
    expect(reference.sum()).toBe(stream.length);

    for (let trial = 0; trial < 20; trial += 1) {
      const { store, crashes } = countWithCrashes(
        stream.map((e) => ({ event: e })),
        undefined,
        rand,
        { flush: 0.02, crash: 0.004 },
      );
      expect(crashes).toBeGreaterThan(0);
      expect(store.points).toEqual(reference.points);
    }
  });

  it('counts an event sent an hour or more after its time as history, by the hour and by the minute, apart from live events', () => {
    const windows = new PartitionWindows(LATENESS, undefined, {
      network: false,
      historyAfterMs: HOUR,
      minutesKeptMs: 29 * DAY,
    });
    expect(windows.add(event(T0 + 1_000), '0', T0 + 2 * HOUR)).toBe('counted'); // two hours behind its send: history
    expect(windows.add(event(T0 + 2_000), '1', T0 + 3_000)).toBe('counted'); // live
    expect(windows.add(event(T0 + 40 * MINUTE_MS, 'GoAir'), '2', T0 + 30 * DAY)).toBe('counted'); // history, past the minutes' 29 days: by the hour only
    expect(windows.add(event(T0 + 4_000), '3')).toBe('counted'); // no send time (an old producer): live
    const kinds = () =>
      windows
        .dirty()
        .map((s) => `${s.kind} ${(s.start - T0) / MINUTE_MS} ${s.counts.total.flights}`)
        .sort();
    expect(kinds()).toEqual(['history-hour 0 2', 'history-minute 0 1', 'minute 0 2']);
    windows.add(event(T0 + 50 * MINUTE_MS), '4', T0 + 3 * HOUR);
    windows.written(windows.dirty());
    expect(kinds()).toEqual([]);
    expect(windows.openMinutes).toBe(2); // the 12:50 history minute and the hour, open until the watermark passes its end
    // Later than the lateness for its minute, inside its open hour: counted in the hour only.
    expect(windows.add(event(T0 + 5_000), '5', T0 + 3 * HOUR)).toBe('counted');
    expect(kinds()).toEqual(['history-hour 0 4']);
    windows.add(event(T0 + 63 * MINUTE_MS), '6', T0 + 3 * HOUR); // watermark 13:01: the hour closes
    windows.written(windows.dirty());
    expect(windows.add(event(T0 + 59 * MINUTE_MS), '7', T0 + 3 * HOUR)).toBe('late');
  });

  it('stays exact across crashes with live and history events (by the hour, by the minute) interleaved, out of order within the lateness: a re-read sorts each event by its send time again', () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const records = Array.from({ length: 2000 }, (_, i) => ({
      event: event(T0 + i * 5_000 - Math.floor(rand() * 90_000), rand() < 0.5 ? 'IndiGo' : 'GoAir'),
      sentAt: T0 + i * 5_000 + [0, 2 * HOUR, 30 * DAY][Math.floor(rand() * 3)]!,
    }));
    const options = { network: false, historyAfterMs: HOUR, minutesKeptMs: 29 * DAY };
    const reference = new FakeStore();
    const once = new PartitionWindows(LATENESS, undefined, options);
    records.forEach((r, i) => {
      once.add(r.event, String(i), r.sentAt);
    });
    reference.write(once.dirty());
    const keys = [...reference.points.keys()];
    expect(keys.filter((key) => key.endsWith('history-hour total')).length).toBe(4); // the hours 11:00 (jitter) to 14:00
    expect(keys.filter((key) => key.endsWith('history-minute total')).length).toBeGreaterThan(100);

    for (let trial = 0; trial < 20; trial += 1) {
      const { store, crashes } = countWithCrashes(records, options, rand, { flush: 0.03, crash: 0.005 });
      expect(crashes).toBeGreaterThan(0);
      expect(store.points).toEqual(reference.points);
    }
  });
});
