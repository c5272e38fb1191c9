import { describe, expect, it } from 'vitest';
import { parseColumnMap } from './columnMap.ts';

describe('parseColumnMap', () => {
  it('reads field=column pairs from the flag or from lines with comments', () => {
    expect(parseColumnMap('departure=origin,arrival=destination,scheduled=date,depDelay=delay')).toEqual({
      departure: 'origin',
      arrival: 'destination',
      scheduled: 'date',
      depDelay: 'delay',
    });
    expect(
      parseColumnMap('# my export\ndeparture = From Airport\narrival=To\ndate=Day  # day first\ntime=Dep', 'map.txt'),
    ).toEqual({ departure: 'From Airport', arrival: 'To', date: 'Day', time: 'Dep' });
  });

  it('says what is wrong: unknown field, not a pair, twice, the required fields, scheduled with date', () => {
    expect(() => parseColumnMap('origin=x')).toThrow(
      '--map: unknown field "origin" (fields: carrier, departure, arrival, scheduled, date, time, arrivalTime, duration, price, depDelay, arrDelay, cancelled, carrierDelay, weatherDelay, nasDelay, securityDelay, lateAircraftDelay)',
    );
    expect(() => parseColumnMap('departure')).toThrow('--map: "departure" is not field=column');
    expect(() => parseColumnMap('departure=a,departure=b,arrival=c,date=d')).toThrow('"departure" is mapped twice');
    expect(() => parseColumnMap('departure=a')).toThrow('--map: a flight needs arrival, scheduled or date');
    expect(() => parseColumnMap('departure=a,arrival=b,scheduled=c,time=d')).toThrow(
      /scheduled .* or date and time, not both/,
    );
  });
});
