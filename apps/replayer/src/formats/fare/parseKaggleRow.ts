import { airportForCity, displayCityName } from '@flights/schemas';
import { eventId, type RowOrigin, type RowResult } from '../../rows/flightRow.ts';
import {
  FieldError,
  parseArrival,
  parseClockTime,
  parseDuration,
  parseJourneyDate,
  parsePrice,
  parseRoute,
  parseStops,
} from '../../rows/fields.ts';
import type { KaggleRecord } from './kaggleColumns.ts';

function required(record: KaggleRecord, column: keyof KaggleRecord): string {
  const value = record[column]?.trim() ?? '';
  if (value === '') throw new FieldError(column, 'empty');
  if (value.length > 100) throw new FieldError(column, `longer than 100 characters`);
  return value;
}

function airportFromCity(column: 'Source' | 'Destination', city: string): string {
  const code = airportForCity(city);
  if (!code) throw new FieldError(column, `no Route, and no known airport for city "${city}"`);
  return code;
}

/** One Kaggle flight-fare row to a normalized flight, or the reason it cannot be one. */
export function parseKaggleRow(record: KaggleRecord, origin: RowOrigin): RowResult {
  try {
    const carrier = required(record, 'Airline');
    const journeyDate = parseJourneyDate(required(record, 'Date_of_Journey'));
    const sourceCity = required(record, 'Source');
    const destinationCity = required(record, 'Destination');
    const route = parseRoute(record.Route ?? '');
    const departureTime = parseClockTime('Dep_Time', required(record, 'Dep_Time'));
    const durationMinutes = parseDuration(required(record, 'Duration'));
    const arrival = parseArrival(required(record, 'Arrival_Time'), departureTime, durationMinutes);
    const additionalInfo = record.Additional_Info?.trim() || null;
    return {
      ok: true,
      flight: {
        v: 1,
        id: eventId(origin, record),
        origin: { file: origin.file, row: origin.row },
        carrier,
        journeyDate,
        sourceCity,
        sourceCityName: displayCityName(sourceCity),
        destinationCity,
        destinationCityName: displayCityName(destinationCity),
        route,
        // With no Route (one row of Data_Train.xlsx), the cities still name the airports.
        departureAirport: route[0] ?? airportFromCity('Source', sourceCity),
        arrivalAirport: route.at(-1) ?? airportFromCity('Destination', destinationCity),
        stops: parseStops(record.Total_Stops ?? ''),
        departureTime,
        arrivalTime: arrival.time,
        arrivalDayOffset: arrival.dayOffset,
        durationMinutes,
        price: parsePrice(record.Price),
        additionalInfo: additionalInfo && additionalInfo.length > 500 ? additionalInfo.slice(0, 500) : additionalInfo,
      },
    };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, reason: error.message, column: error.column };
    throw error;
  }
}
