import { describe, expect, it } from 'vitest';
import { addEvent, emptyMinute } from '../window/MinuteCounts.ts';
import { minuteLines } from './minutePoints.ts';

describe('minuteLines', () => {
  it('writes the total and one point per entity, tagged with the stream, escaped, at the minute start in ms', () => {
    const counts = emptyMinute();
    const base = {
      v: 1 as const, id: 'x', ts: 1_795_548_660_000, origin: { file: 'f', row: 1 }, journeyDate: '2019-03-24',
      sourceCity: 'Delhi', sourceCityName: 'Delhi', destinationCity: 'Cochin', destinationCityName: 'Kochi',
      route: ['DEL', 'COK'], departureAirport: 'DEL', arrivalAirport: 'COK', stops: 0, departureTime: '10:00',
      arrivalTime: '13:00', arrivalDayOffset: 0, durationMinutes: 180, additionalInfo: null,
    };
    addEvent(counts, { ...base, carrier: 'Jet Airways', price: 5000 });
    addEvent(counts, { ...base, carrier: 'Jet Airways', price: null });
    const lines = minuteLines({ start: 1_795_548_660_000, counts, version: 2 }, 'flight.events.v1/3');
    expect(lines).toEqual([
      'flights_total,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_carrier,carrier=Jet\\ Airways,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_departure,airport=DEL,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_arrival,airport=COK,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_route,route=DEL-COK,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
    ]);
  });
});
