import { describe, expect, it } from 'vitest';
import { FlightEventV1 } from '@flights/schemas';
import { eventId } from '../../rows/flightRow.ts';
import { parseKaggleRow } from './parseKaggleRow.ts';
import type { KaggleRecord } from './kaggleColumns.ts';

const origin = { file: 'data/Data_Train.xlsx', row: 1 };
const indigo: KaggleRecord = {
  Airline: 'IndiGo',
  Date_of_Journey: '24/03/2019',
  Source: 'Banglore',
  Destination: 'New Delhi',
  Route: 'BLR → DEL',
  Dep_Time: '22:20',
  Arrival_Time: '01:10 22 Mar',
  Duration: '2h 50m',
  Total_Stops: 'non-stop',
  Additional_Info: 'No info',
  Price: '3897',
};

function parsed(record: KaggleRecord) {
  const result = parseKaggleRow(record, origin);
  if (!result.ok) throw new Error(result.reason);
  return result.flight;
}

describe('parseKaggleRow', () => {
  it('normalizes the first row of Data_Train.xlsx into a valid v1 event', () => {
    const flight = parsed(indigo);
    expect(flight).toMatchObject({
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
      durationMinutes: 170,
      price: 3897,
      additionalInfo: 'No info',
    });
    expect(FlightEventV1.safeParse({ ...flight, ts: 0 }).success).toBe(true);
  });

  it('reads unpadded days ("1/05/2019") and padded ones ("01/03/2019")', () => {
    expect(parsed({ ...indigo, Date_of_Journey: '1/05/2019' }).journeyDate).toBe('2019-05-01');
    expect(parsed({ ...indigo, Date_of_Journey: '01/03/2019' }).journeyDate).toBe('2019-03-01');
  });

  it('takes departure and arrival airports from the ends of a multi-stop route', () => {
    const flight = parsed({
      ...indigo,
      Source: 'Kolkata',
      Destination: 'Banglore',
      Route: 'CCU → IXR → BBI → BLR',
      Total_Stops: '2 stops',
    });
    expect(flight.route).toEqual(['CCU', 'IXR', 'BBI', 'BLR']);
    expect([flight.departureAirport, flight.arrivalAirport, flight.stops]).toEqual(['CCU', 'BLR', 2]);
  });

  it('derives the airports from the cities when Route and Total_Stops are empty (the Air India Delhi to Cochin row)', () => {
    const flight = parsed({
      ...indigo,
      Airline: 'Air India',
      Date_of_Journey: '6/05/2019',
      Source: 'Delhi',
      Destination: 'Cochin',
      Route: '',
      Total_Stops: '',
      Price: '7480',
    });
    expect([flight.departureAirport, flight.arrivalAirport]).toEqual(['DEL', 'COK']);
    expect(flight.route).toEqual([]);
    expect(flight.stops).toBeNull();
  });

  it('takes the arrival day from departure plus duration, since the date suffix contradicts the journey date in the real file', () => {
    // Row 1 of Data_Train.xlsx: journey 24 Mar, "01:10 22 Mar", 22:20 + 2h 50m.
    expect(parsed(indigo)).toMatchObject({ arrivalTime: '01:10', arrivalDayOffset: 1 });
    expect(parsed({ ...indigo, Dep_Time: '09:25', Arrival_Time: '04:25 10 Jun', Duration: '19h' })).toMatchObject({
      arrivalTime: '04:25',
      arrivalDayOffset: 1,
    });
    expect(parsed({ ...indigo, Dep_Time: '05:50', Arrival_Time: '13:15', Duration: '7h 25m' }).arrivalDayOffset).toBe(
      0,
    );
  });

  it('rejects an arrival suffix that is not a day and month', () => {
    expect(parseKaggleRow({ ...indigo, Arrival_Time: '01:10 22 Foo' }, origin)).toMatchObject({
      ok: false,
      reason: 'invalid Arrival_Time: "Foo" is not a month',
    });
  });

  it('reads durations with hours only and minutes only', () => {
    expect(parsed({ ...indigo, Duration: '19h' }).durationMinutes).toBe(1140);
    expect(parsed({ ...indigo, Duration: '5m' }).durationMinutes).toBe(5);
  });

  it('reads every stop count the file uses', () => {
    const stops = ['non-stop', '1 stop', '2 stops', '3 stops', '4 stops'].map(
      (Total_Stops) => parsed({ ...indigo, Total_Stops }).stops,
    );
    expect(stops).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps both spellings of Additional_Info and carriers with spaces as written', () => {
    expect(parsed({ ...indigo, Additional_Info: 'No Info' }).additionalInfo).toBe('No Info');
    expect(parsed({ ...indigo, Airline: 'Vistara Premium economy' }).carrier).toBe('Vistara Premium economy');
  });

  it('accepts a row without Price (the hackathon test file) with a null price', () => {
    const { Price: _omit, ...noPrice } = indigo;
    expect(parsed(noPrice).price).toBeNull();
  });

  it.each([
    [{ Airline: '' }, 'invalid Airline: empty'],
    [{ Date_of_Journey: '31/02/2019' }, 'invalid Date_of_Journey: "31/02/2019" is not a calendar date'],
    [{ Date_of_Journey: 'tomorrow' }, 'invalid Date_of_Journey: "tomorrow" is not day/month/year'],
    [{ Route: 'BLR → 12' }, 'invalid Route: "12" in "BLR → 12" is not an IATA code'],
    [{ Dep_Time: '25:00' }, 'invalid Dep_Time: "25:00" is not HH:MM'],
    [{ Duration: 'long' }, 'invalid Duration: "long" is not like "2h 50m"'],
    [{ Total_Stops: 'several' }, 'invalid Total_Stops: "several" is not "non-stop" or "N stops"'],
    [{ Price: 'free' }, 'invalid Price: "free" is not a number'],
    [{ Route: '', Source: 'Atlantis' }, 'invalid Source: no Route, and no known airport for city "Atlantis"'],
  ])('rejects %j with "%s"', (change, reason) => {
    expect(parseKaggleRow({ ...indigo, ...change }, origin)).toMatchObject({ ok: false, reason });
  });

  it('keeps the ids of earlier versions: a re-sent row stays recognisable across upgrades', () => {
    expect(
      eventId({ file: '/x/Data_Train.xlsx', row: 7 }, { Airline: 'IndiGo', Price: '3897', Route: undefined }),
    ).toBe('7848791856908aa2f516b16c');
  });

  it('gives the same row of the same file the same id wherever the file lies, and other rows other ids', () => {
    const id = eventId(origin, indigo);
    expect(eventId({ file: '/elsewhere/Data_Train.xlsx', row: 1 }, indigo)).toBe(id);
    expect(eventId({ ...origin, row: 2 }, indigo)).not.toBe(id);
    expect(parsed(indigo).id).toBe(id);
  });
});
