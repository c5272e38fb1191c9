import { describe, expect, it } from 'vitest';
import {
  parseDate,
  parseFlag,
  parseMinutes,
  parseScheduled,
  parseTimeOfDay,
} from '../formats/onTime/scheduleFields.ts';
import {
  FieldError,
  MAX_FIELD_CHARS,
  parseArrival,
  parseClockTime,
  parseDuration,
  parseJourneyDate,
  parsePrice,
  parseRoute,
  parseStops,
} from './fields.ts';

/** Cells made to make a backtracking pattern take quadratic time: without the bound, each would run for hours. */
const HOSTILE = [
  `${'1'.repeat(100_000)}x`,
  `${' '.repeat(100_000)}x`,
  `${'T'.repeat(100_000)}1`,
  `1${' '.repeat(100_000)}x`,
  '0.'.repeat(50_000),
];
const PARSERS: [string, (raw: string) => unknown][] = [
  ['Date_of_Journey', parseJourneyDate],
  ['Dep_Time', (raw) => parseClockTime('Dep_Time', raw)],
  ['Arrival_Time', (raw) => parseArrival(raw, '10:00', 60)],
  ['Duration', parseDuration],
  ['Total_Stops', parseStops],
  ['Route', parseRoute],
  ['Price', parsePrice],
  ['date', (raw) => parseDate('date', raw)],
  ['time', (raw) => parseTimeOfDay('time', raw)],
  ['scheduled', (raw) => parseScheduled('scheduled', raw)],
  ['dep_delay', (raw) => parseMinutes('dep_delay', raw)],
  ['cancelled', (raw) => parseFlag('cancelled', raw)],
];

describe('field parsers', () => {
  it(`refuse a cell longer than ${MAX_FIELD_CHARS} characters before any pattern reads it`, () => {
    for (const [column, parse] of PARSERS) {
      for (const cell of HOSTILE) {
        expect(() => parse(cell), column).toThrow(FieldError);
        expect(() => parse(cell), column).toThrow(
          `invalid ${column}: a value of ${cell.length.toLocaleString('en-US')} characters (at most ${MAX_FIELD_CHARS})`,
        );
      }
    }
  });

  it('still read the values of real files', () => {
    expect(parseJourneyDate('24/03/2019')).toBe('2019-03-24');
    expect(parseDuration('2h 50m')).toBe(170);
    expect(parseRoute('BLR → DEL')).toEqual(['BLR', 'DEL']);
    expect(parseScheduled('scheduled', '2013-01-01 05:15:00')).toEqual({
      journeyDate: '2013-01-01',
      departureTime: '05:15',
    });
  });
});
