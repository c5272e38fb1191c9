import { describe, expect, it } from 'vitest';
import { scheduledDeparture } from '../clock/replayClock.ts';
import { normalizeItem } from '../normalize/normalizeItem.ts';
import type { UnstampedFlight } from '../rows/flightRow.ts';
import { addOutcome, emptyBatch, stampedBody } from './PreparedBatch.ts';

const flight = {
  v: 1,
  id: 'abc',
  carrier: 'IndiGo',
  source: 'Banglore',
  destination: 'New Delhi',
  route: ['BLR', 'DEL'],
  stops: 0,
  journeyDate: '2019-03-24',
  departureTime: '22:20',
  durationMin: 170,
  price: 3897,
  origin: { file: 'Data_Train.xlsx', row: 2 },
} as unknown as UnstampedFlight;

describe('PreparedBatch', () => {
  it('stamps an event to the very bytes of serializing it with its time', () => {
    const batch = emptyBatch();
    addOutcome(batch, { ok: true, flight }, { file: 'Data_Train.xlsx', row: 2 });
    expect(batch.kinds).toEqual([1]);
    expect(batch.keys).toEqual(['abc']);
    expect(batch.scheduled).toEqual([scheduledDeparture(flight)]);
    expect(stampedBody(batch.bodies[0]!, 1_700_000_000_123)).toBe(JSON.stringify({ ...flight, ts: 1_700_000_000_123 }));
  });

  it('keeps file order between events and rejected rows, each rejection a dead letter with its reason and origin', () => {
    const batch = emptyBatch();
    addOutcome(batch, { ok: true, flight }, { file: 'f.csv', row: 2 });
    addOutcome(batch, normalizeItem({ kind: 'event', row: 3, line: '{not json' }, 'f.ndjson'), {
      file: 'f.ndjson',
      row: 3,
    });
    addOutcome(batch, { ok: true, flight }, { file: 'f.csv', row: 4 });
    expect(batch.kinds).toEqual([1, 0, 1]);
    expect(batch.bodies).toHaveLength(2);
    expect(batch.letters).toEqual([
      expect.objectContaining({
        v: 1,
        stage: 'replayer',
        reason: 'not JSON',
        detail: 'line 3 is not JSON',
        origin: { file: 'f.ndjson', row: 3 },
      }),
    ]);
  });
});
