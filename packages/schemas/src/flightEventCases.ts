import type { FlightEvent } from './flightEvent.ts';

export const VALID_EVENT: FlightEvent = {
  v: 1,
  id: '40d932253530a2fc2e01c256',
  ts: 1795553623649,
  origin: { file: 'Data_Train.xlsx', row: 1 },
  carrier: 'Jet Airways',
  journeyDate: '2019-06-04',
  sourceCity: 'Kolkata',
  sourceCityName: 'Kolkata',
  destinationCity: 'Banglore',
  destinationCityName: 'Bangalore',
  route: ['CCU', 'IXR', 'BBI', 'BLR'],
  departureAirport: 'CCU',
  arrivalAirport: 'BLR',
  stops: 2,
  departureTime: '04:30',
  arrivalTime: '16:09',
  arrivalDayOffset: 0,
  durationMinutes: 699,
  price: 8461,
  additionalInfo: 'No info',
};

/** One code point, two UTF-16 units: lengths count code points. */
const emoji = '\u{1F600}';
const { carrier: _carrier, ...withoutCarrier } = VALID_EVENT;

/** Edge cases of the flight event, valid and not, for the validators' specs. */
export const EVENT_CASES: Record<string, unknown> = {
  'valid': VALID_EVENT,
  'no route, no stops, no price, no info': { ...VALID_EVENT, route: [], stops: null, price: null, additionalInfo: null },
  'unknown keys (stripped)': { ...VALID_EVENT, extra: 1, origin: { ...VALID_EVENT.origin, sheet: 'Sheet1' } },
  'carrier of 100 units': { ...VALID_EVENT, carrier: 'x'.repeat(100) },
  'carrier of 101 units': { ...VALID_EVENT, carrier: 'x'.repeat(101) },
  'carrier of 100 two-unit characters': { ...VALID_EVENT, carrier: emoji.repeat(100) },
  'carrier of 101 two-unit characters': { ...VALID_EVENT, carrier: emoji.repeat(101) },
  'empty carrier': { ...VALID_EVENT, carrier: '' },
  'missing carrier': withoutCarrier,
  'version 2': { ...VALID_EVENT, v: 2 },
  'ts as a string': { ...VALID_EVENT, ts: '1795553623649' },
  'fractional ts': { ...VALID_EVENT, ts: 1.5 },
  'negative ts': { ...VALID_EVENT, ts: -1 },
  'ts of 1e3 (an integer)': { ...VALID_EVENT, ts: 1e3 },
  'lower-case airport': { ...VALID_EVENT, departureAirport: 'ccu' },
  'four-letter airport in the route': { ...VALID_EVENT, route: ['CCU', 'BLRX'] },
  'route of 13 airports': { ...VALID_EVENT, route: Array(13).fill('DEL') },
  'airport with a trailing newline': { ...VALID_EVENT, arrivalAirport: 'BLR\n' },
  'stops of 11': { ...VALID_EVENT, stops: 11 },
  'negative price': { ...VALID_EVENT, price: -1 },
  'fractional price': { ...VALID_EVENT, price: 10.5 },
  'departure at 24:00': { ...VALID_EVENT, departureTime: '24:00' },
  'departure at 9:05': { ...VALID_EVENT, departureTime: '9:05' },
  'journey date 2019-6-4': { ...VALID_EVENT, journeyDate: '2019-6-4' },
  'arrival 8 days later': { ...VALID_EVENT, arrivalDayOffset: 8 },
  'info of 501 units': { ...VALID_EVENT, additionalInfo: 'i'.repeat(501) },
  'origin row as a string': { ...VALID_EVENT, origin: { file: 'x.csv', row: '1' } },
  'origin missing': { ...VALID_EVENT, origin: undefined },
  'null': null,
  'an array': [VALID_EVENT],
  'a number': 42,
};
