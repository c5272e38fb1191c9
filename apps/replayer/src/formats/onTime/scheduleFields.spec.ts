import { describe, expect, it } from 'vitest';
import {
  isMissing,
  parseDate,
  parseFlag,
  parseMinutes,
  parseScheduled,
  parseTimeOfDay,
  parseCauses,
} from './scheduleFields.ts';

describe('schedule fields', () => {
  it('reads dates as ISO, YYYY/MM/DD and day-first DD/MM/YYYY, and refuses impossible ones', () => {
    expect(parseDate('date', '2013-01-01')).toBe('2013-01-01');
    expect(parseDate('date', '2013/1/5')).toBe('2013-01-05');
    expect(parseDate('date', '24/03/2019')).toBe('2019-03-24');
    expect(() => parseDate('date', '2013-02-30')).toThrow('invalid date: "2013-02-30" is not a calendar date');
    expect(() => parseDate('date', 'March 1')).toThrow(/is not a date/);
  });

  it("reads HH:MM and the on-time files' HHMM integers (515, 0005, 2400 = midnight)", () => {
    expect(parseTimeOfDay('time', '515')).toBe('05:15');
    expect(parseTimeOfDay('time', '0005')).toBe('00:05');
    expect(parseTimeOfDay('time', '5')).toBe('00:05');
    expect(parseTimeOfDay('time', '2400')).toBe('00:00');
    expect(parseTimeOfDay('time', '1230.0')).toBe('12:30');
    expect(parseTimeOfDay('time', '5:15')).toBe('05:15');
    expect(parseTimeOfDay('time', '05:15:30')).toBe('05:15');
    expect(() => parseTimeOfDay('time', '1275')).toThrow(/not a time of day/);
    expect(() => parseTimeOfDay('time', '25:00')).toThrow(/not a time of day/);
  });

  it('reads one date-time column in the common forms, keeping the wall-clock time', () => {
    expect(parseScheduled('scheduled', '2013-01-01T05:15:00Z')).toEqual({
      journeyDate: '2013-01-01',
      departureTime: '05:15',
    });
    expect(parseScheduled('scheduled', '2013-01-01 05:15')).toEqual({
      journeyDate: '2013-01-01',
      departureTime: '05:15',
    });
    expect(parseScheduled('scheduled', '2013/01/01 17:40')).toEqual({
      journeyDate: '2013-01-01',
      departureTime: '17:40',
    });
    expect(parseScheduled('scheduled', '24/03/2019 22:20')).toEqual({
      journeyDate: '2019-03-24',
      departureTime: '22:20',
    });
    expect(parseScheduled('scheduled', '2013-01-01T05:15:00-05:00')).toEqual({
      journeyDate: '2013-01-01',
      departureTime: '05:15',
    });
  });

  it("reads minutes (negative: early) with R's NA and pandas' NaN as missing", () => {
    expect(parseMinutes('depDelay', '-3')).toBe(-3);
    expect(parseMinutes('depDelay', '12.0')).toBe(12);
    for (const missing of ['', 'NA', 'NaN', ' null ']) expect(isMissing(missing)).toBe(true);
    expect(parseMinutes('depDelay', 'NA')).toBeNull();
    expect(() => parseMinutes('depDelay', 'late')).toThrow('invalid depDelay: "late" is not a number of minutes');
    expect(() => parseMinutes('depDelay', '20000')).toThrow(/more than a week/);
  });

  it('reads cancellation flags as 1/0, 1.0/0.0, true/false, yes/no', () => {
    expect(['1', '1.0', 'true', 'Yes'].map((raw) => parseFlag('cancelled', raw))).toEqual([true, true, true, true]);
    expect(['0', '0.00', 'false', 'n'].map((raw) => parseFlag('cancelled', raw))).toEqual([false, false, false, false]);
    expect(parseFlag('cancelled', 'NA')).toBeUndefined();
    expect(() => parseFlag('cancelled', 'maybe')).toThrow(/not 1\/0/);
  });

  it('reads the causes of delay: none when all are empty, an empty one beside others is zero, never negative', () => {
    expect(parseCauses({ arrDelay: '3' })).toBeUndefined();
    expect(parseCauses({ carrierDelay: '', weatherDelay: 'NA', nasDelay: '' })).toBeUndefined();
    expect(
      parseCauses({
        carrierDelay: '20.00',
        weatherDelay: '0.00',
        nasDelay: '5',
        securityDelay: '',
        lateAircraftDelay: '15',
      }),
    ).toEqual({ carrier: 20, weather: 0, nas: 5, security: 0, lateAircraft: 15 });
    expect(() => parseCauses({ carrierDelay: '-4' })).toThrow('a cause of delay cannot be negative');
    expect(() => parseCauses({ nasDelay: 'lots' })).toThrow('"lots" is not a number of minutes');
  });
});
