import { describe, expect, it } from 'vitest';
import { normalizeItem } from './normalizeItem.ts';

const event = {
  v: 1,
  id: 'abc',
  ts: 5,
  origin: { file: 'a.csv', row: 1 },
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
  price: 3897,
  additionalInfo: null,
};

describe('normalizeItem', () => {
  it('accepts an NDJSON line holding a v1 event and drops its time for the clock to set', () => {
    const outcome = normalizeItem({ kind: 'event', row: 1, line: JSON.stringify(event) }, 'e.ndjson');
    expect(outcome.ok).toBe(true);
    expect(outcome.ok && 'ts' in outcome.flight).toBe(false);
  });

  it('rejects an NDJSON line that is not JSON, or not a v1 event, naming the field', () => {
    expect(normalizeItem({ kind: 'event', row: 3, line: '{oops' }, 'e.ndjson')).toMatchObject({
      ok: false,
      reason: 'not JSON',
      detail: 'line 3 is not JSON',
    });
    expect(
      normalizeItem(
        { kind: 'event', row: 1, line: JSON.stringify({ ...event, departureAirport: 'Delhi' }) },
        'e.ndjson',
      ),
    ).toMatchObject({ ok: false, reason: 'invalid departureAirport' });
  });

  it('rejects a CSV row with the wrong number of fields, keeping the raw values', () => {
    const format = {
      name: 'fare',
      record: () => ({}),
      parse: () => {
        throw new Error('a short row is not parsed');
      },
    };
    const outcome = normalizeItem(
      { kind: 'row', row: 7, record: { Airline: 'IndiGo' }, format, problem: 'expected 11 fields, found 3' },
      'a.csv',
    );
    expect(outcome).toEqual({
      ok: false,
      reason: 'wrong field count',
      detail: 'expected 11 fields, found 3',
      raw: { Airline: 'IndiGo' },
    });
  });
});
