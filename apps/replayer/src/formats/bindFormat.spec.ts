import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bindFormat } from './bindFormat.ts';
import { parseColumnMap } from './mapped/columnMap.ts';
import type { RowFormat } from './RowFormat.ts';

const NYC_HEADER =
  'year,month,day,dep_time,sched_dep_time,dep_delay,arr_time,sched_arr_time,arr_delay,carrier,flight,tailnum,origin,dest,air_time,distance,hour,minute,time_hour'.split(
    ',',
  );
const NYC_ROW = '2013,1,1,517,515,2,830,819,11,UA,1545,N14228,EWR,IAH,227,1400,5,15,2013-01-01T10:00:00Z'.split(',');
const NYC_CANCELLED = '2013,1,1,NA,1630,NA,NA,1815,NA,EV,4308,N18120,EWR,RDU,NA,416,16,30,2013-01-01T21:00:00Z'.split(
  ',',
);

function bound(file: string, header: string[], map?: string): RowFormat {
  const binding = bindFormat(file, header, map ? { map: parseColumnMap(map) } : {});
  if (!binding.ok) throw new Error(binding.problem);
  return binding.format;
}

const parse = (format: RowFormat, cells: string[], row = 1) =>
  format.parse(format.record(cells), { file: '/data/flights.csv', row });

describe('bindFormat', () => {
  const dir = mkdtempSync(join(tmpdir(), 'formats-'));
  writeFileSync(join(dir, 'airlines.csv'), 'carrier,name\nUA,United Air Lines Inc.\nEV,ExpressJet Airlines Inc.\n');

  it('reads nycflights13: carrier names from airlines.csv beside it, delays, duration across time zones, no fare', () => {
    const format = bound(join(dir, 'flights.csv'), NYC_HEADER);
    expect(format.name).toBe('nycflights13');
    expect(parse(format, NYC_ROW)).toEqual({
      ok: true,
      flight: expect.objectContaining({
        carrier: 'United Air Lines Inc.',
        carrierCode: 'UA',
        journeyDate: '2013-01-01',
        departureTime: '05:15',
        departureAirport: 'EWR',
        arrivalAirport: 'IAH',
        route: ['EWR', 'IAH'],
        stops: 0,
        sourceCity: 'Newark',
        destinationCity: 'Houston',
        arrivalTime: '08:19',
        durationMinutes: 244,
        arrivalDayOffset: 0,
        price: null,
        depDelay: 2,
        arrDelay: 11,
        cancelled: false,
        format: 'nycflights13',
      }),
    });
  });

  it('calls an nycflights13 flight without a departure time cancelled, with unknown delays', () => {
    const result = parse(bound(join(dir, 'flights.csv'), NYC_HEADER), NYC_CANCELLED);
    expect(result).toMatchObject({
      ok: true,
      flight: { carrier: 'ExpressJet Airlines Inc.', cancelled: true, depDelay: null, arrDelay: null },
    });
  });

  it('keeps the code as the name when no airlines table is beside the file', () => {
    const result = parse(bound('/nowhere/flights.csv', NYC_HEADER), NYC_ROW);
    expect(result).toMatchObject({ ok: true, flight: { carrier: 'UA' } });
    expect(result.ok && result.flight.carrierCode).toBeUndefined();
  });

  it('reads the 2015 Kaggle header and the BTS header (both spellings) to the same flight', () => {
    const kaggle = bound('/x/2015.csv', [
      'YEAR',
      'MONTH',
      'DAY',
      'AIRLINE',
      'ORIGIN_AIRPORT',
      'DESTINATION_AIRPORT',
      'SCHEDULED_DEPARTURE',
      'DEPARTURE_DELAY',
      'SCHEDULED_TIME',
      'ARRIVAL_DELAY',
      'CANCELLED',
    ]);
    const bts = bound('/x/bts.csv', [
      'FL_DATE',
      'OP_CARRIER',
      'ORIGIN',
      'DEST',
      'CRS_DEP_TIME',
      'DEP_DELAY',
      'ARR_DELAY',
      'CANCELLED',
      'CRS_ELAPSED_TIME',
    ]);
    const raw = bound('/x/raw.csv', [
      'FlightDate',
      'Reporting_Airline',
      'Origin',
      'Dest',
      'CRSDepTime',
      'DepDelay',
      'ArrDelay',
      'Cancelled',
      'CRSElapsedTime',
    ]);
    expect([kaggle.name, bts.name, raw.name]).toEqual(['kaggle-2015', 'bts', 'bts']);
    const want = {
      carrier: 'UA',
      departureAirport: 'EWR',
      arrivalAirport: 'IAH',
      journeyDate: '2013-01-01',
      departureTime: '05:15',
      durationMinutes: 244,
      depDelay: 2,
      arrDelay: 11,
      cancelled: false,
    };
    expect(parse(kaggle, ['2013', '1', '1', 'UA', 'EWR', 'IAH', '0515', '2', '244', '11', '0'])).toMatchObject({
      ok: true,
      flight: want,
    });
    expect(parse(bts, ['2013-01-01', 'UA', 'EWR', 'IAH', '515', '2.0', '11.0', '0.0', '244.0'])).toMatchObject({
      ok: true,
      flight: want,
    });
    expect(parse(raw, ['2013-01-01', 'UA', 'EWR', 'IAH', '0515', '2', '11', '0', '244'])).toMatchObject({
      ok: true,
      flight: want,
    });
  });

  it('reads custom headers through --map; no carrier column counts under "unknown"; missing schedule parts are named in lacks', () => {
    const format = bound(
      '/x/custom.csv',
      ['when', 'from', 'to', 'late'],
      'departure=from,arrival=to,scheduled=when,depDelay=late',
    );
    const result = parse(format, ['2013-01-01 05:15', 'jfk', 'LAX', '7']);
    expect(result).toMatchObject({
      ok: true,
      flight: {
        carrier: 'unknown',
        departureAirport: 'JFK',
        arrivalAirport: 'LAX',
        departureTime: '05:15',
        depDelay: 7,
        format: 'mapped',
        lacks: ['arrivalTime', 'durationMinutes'],
      },
    });
    expect(result.ok && 'arrDelay' in result.flight).toBe(false);
  });

  it('refuses a --map naming columns the file does not have, and says which', () => {
    expect(bindFormat('/x/c.csv', ['a', 'b'], { map: parseColumnMap('departure=from,arrival=b,date=a') })).toEqual({
      ok: false,
      problem: 'has no column for --map departure=from (found: a, b)',
    });
  });

  it("rejects rows with a reason: numeric airport ids (the 2015 file's October), bad times", () => {
    const format = bound('/x/bts.csv', ['FL_DATE', 'OP_CARRIER', 'ORIGIN', 'DEST', 'CRS_DEP_TIME']);
    expect(parse(format, ['2015-10-01', 'AA', '12478', 'LAX', '0700'])).toEqual({
      ok: false,
      reason: 'invalid departure: "12478" is not a 3-letter airport code',
      column: 'departure',
    });
    expect(parse(format, ['2015-10-01', 'AA', 'JFK', 'LAX', '0799'])).toMatchObject({ ok: false, column: 'time' });
  });

  it('gives the same row of the same file the same id, and different rows different ids', () => {
    const format = bound(join(dir, 'flights.csv'), NYC_HEADER);
    const a = parse(format, NYC_ROW, 1);
    const b = parse(format, NYC_ROW, 1);
    const c = parse(format, NYC_ROW, 2);
    expect(a.ok && b.ok && a.flight.id === b.flight.id).toBe(true);
    expect(a.ok && c.ok && a.flight.id !== c.flight.id).toBe(true);
  });

  it("reads the causes of delay under BTS's and the 2015 Kaggle file's names", () => {
    const bts = bound('/x/bts.csv', [
      'FL_DATE',
      'OP_CARRIER',
      'ORIGIN',
      'DEST',
      'CRS_DEP_TIME',
      'ARR_DELAY',
      'CARRIER_DELAY',
      'WEATHER_DELAY',
      'NAS_DELAY',
      'SECURITY_DELAY',
      'LATE_AIRCRAFT_DELAY',
    ]);
    const kaggle = bound('/x/2015.csv', [
      'YEAR',
      'MONTH',
      'DAY',
      'AIRLINE',
      'ORIGIN_AIRPORT',
      'DESTINATION_AIRPORT',
      'SCHEDULED_DEPARTURE',
      'ARRIVAL_DELAY',
      'AIR_SYSTEM_DELAY',
      'SECURITY_DELAY',
      'AIRLINE_DELAY',
      'LATE_AIRCRAFT_DELAY',
      'WEATHER_DELAY',
    ]);
    const delayCauses = { carrier: 20, weather: 1, nas: 5, security: 0, lateAircraft: 15 };
    expect(
      parse(bts, ['2013-01-01', 'UA', 'EWR', 'IAH', '515', '41.00', '20.00', '1.00', '5.00', '0.00', '15.00']),
    ).toMatchObject({ ok: true, flight: { arrDelay: 41, delayCauses } });
    expect(
      parse(kaggle, ['2015', '1', '1', 'UA', 'EWR', 'IAH', '0515', '41', '5', '0', '20', '15', '1']),
    ).toMatchObject({
      ok: true,
      flight: { arrDelay: 41, delayCauses },
    });
    const onTime = parse(bts, ['2013-01-01', 'UA', 'EWR', 'IAH', '515', '3.00', '', '', '', '', '']);
    expect(onTime.ok && 'delayCauses' in onTime.flight).toBe(false);
  });
});
