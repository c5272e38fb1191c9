import { describe, expect, it } from 'vitest';
import type { FlightEvent } from '@flights/schemas';
import { addEvent, emptyMinute } from '../window/MinuteCounts.ts';
import { minuteLines } from './minutePoints.ts';

const base: Omit<FlightEvent, 'carrier' | 'price'> = {
  v: 1,
  id: 'x',
  ts: 1_795_548_660_000,
  origin: { file: 'f', row: 1 },
  journeyDate: '2019-03-24',
  sourceCity: 'Delhi',
  sourceCityName: 'Delhi',
  destinationCity: 'Cochin',
  destinationCityName: 'Kochi',
  route: ['DEL', 'COK'],
  departureAirport: 'DEL',
  arrivalAirport: 'COK',
  stops: 0,
  departureTime: '10:00',
  arrivalTime: '13:00',
  arrivalDayOffset: 0,
  durationMinutes: 180,
  additionalInfo: null,
};

/** Measurement, tags and fields of a line, without its timestamp. */
const withoutTime = (line: string) => line.slice(0, line.lastIndexOf(' '));

describe('minuteLines', () => {
  it('writes the total and one point per entity, tagged with the stream, escaped, at the minute start in ms, network included', () => {
    const counts = emptyMinute();
    addEvent(counts, { ...base, carrier: 'Jet Airways', price: 5000 });
    addEvent(counts, { ...base, carrier: 'Jet Airways', price: null });
    const lines = minuteLines({ start: 1_795_548_660_000, counts }, 'flight.events.v1/3');
    expect(lines).toEqual([
      'flights_total,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_carrier,carrier=Jet\\ Airways,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_departure,airport=DEL,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_arrival,airport=COK,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_route,route=DEL-COK,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_itinerary,itinerary=DEL-COK,stream=flight.events.v1/3 duration_sum=360i,fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_leg,leg=DEL-COK,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_stops,stops=0,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
      'flights_by_carrier_itinerary,carrier=Jet\\ Airways,itinerary=DEL-COK,stream=flight.events.v1/3 fare_count=1i,fare_sum=5000i,flights=2i 1795548660000',
    ]);
  });

  it('counts a one-stop flight once per leg and once for its connecting airport; a flight without a path adds no network point', () => {
    const counts = emptyMinute();
    addEvent(counts, {
      ...base,
      carrier: 'IndiGo',
      route: ['DEL', 'BOM', 'COK'],
      stops: 1,
      durationMinutes: 300,
      price: 7000,
    });
    addEvent(counts, { ...base, carrier: 'Air India', route: [], stops: null, price: 7480 });
    const lines = minuteLines({ start: 1_795_548_660_000, counts }, 's/0').map(withoutTime);
    expect(lines.filter((line) => /^flights_by_(itinerary|leg|hub|stops|carrier_itinerary),/.test(line))).toEqual([
      'flights_by_itinerary,itinerary=DEL-BOM-COK,stream=s/0 duration_sum=300i,fare_count=1i,fare_sum=7000i,flights=1i',
      'flights_by_leg,leg=DEL-BOM,stream=s/0 fare_count=1i,fare_sum=7000i,flights=1i',
      'flights_by_leg,leg=BOM-COK,stream=s/0 fare_count=1i,fare_sum=7000i,flights=1i',
      'flights_by_hub,airport=BOM,stream=s/0 fare_count=1i,fare_sum=7000i,flights=1i',
      'flights_by_stops,stops=1,stream=s/0 fare_count=1i,fare_sum=7000i,flights=1i',
      'flights_by_carrier_itinerary,carrier=IndiGo,itinerary=DEL-BOM-COK,stream=s/0 fare_count=1i,fare_sum=7000i,flights=1i',
    ]);
    expect(lines.filter((line) => line.startsWith('flights_by_route,'))).toEqual([
      'flights_by_route,route=DEL-COK,stream=s/0 fare_count=2i,fare_sum=14480i,flights=2i',
    ]);
    expect(lines[0]).toBe('flights_total,stream=s/0 fare_count=2i,fare_sum=14480i,flights=2i');
  });

  it('writes no network point with the network off (AGGREGATOR_NETWORK=off), the rest unchanged', () => {
    const counts = emptyMinute();
    addEvent(counts, { ...base, carrier: 'IndiGo', route: ['DEL', 'BOM', 'COK'], stops: 1, price: 7000 }, false);
    const lines = minuteLines({ start: 1_795_548_660_000, counts }, 's/0').map(withoutTime);
    expect(lines.map((line) => line.split(',')[0])).toEqual([
      'flights_total',
      'flights_by_carrier',
      'flights_by_departure',
      'flights_by_arrival',
      'flights_by_route',
    ]);
  });

  it('writes delay sums and counts, flights 15+ minutes late and cancellations, and a sum that returns to zero is still written', () => {
    const counts = emptyMinute();
    const onTime = {
      ...base,
      carrier: 'UA',
      price: null,
      route: ['EWR', 'IAH'],
      departureAirport: 'EWR',
      arrivalAirport: 'IAH',
    };
    addEvent(counts, { ...onTime, depDelay: 20, arrDelay: 15 });
    addEvent(counts, { ...onTime, depDelay: -20, arrDelay: -3 });
    addEvent(counts, { ...onTime, depDelay: null, arrDelay: null, cancelled: true });
    addEvent(counts, { ...onTime, lacks: ['durationMinutes'] });
    const lines = minuteLines({ start: 1_795_548_660_000, counts }, 's/0').map(withoutTime);
    expect(lines[0]).toBe(
      'flights_total,stream=s/0 arr_delay_count=2i,arr_delay_sum=12i,arr_delayed_15=1i,cancelled=1i,dep_delay_count=2i,dep_delay_sum=0i,dep_delayed_15=1i,fare_count=0i,fare_sum=0i,flights=4i',
    );
    // Three durations known: the stand-in of the fourth is not added.
    expect(lines.find((line) => line.startsWith('flights_by_itinerary,'))).toContain('duration_sum=540i');
  });

  it('writes the causes of delay, all five with their count, on the total, carriers and airports only', () => {
    const counts = emptyMinute();
    const causes = { carrier: 20, weather: 0, nas: 5, security: 0, lateAircraft: 15 };
    addEvent(counts, { ...base, carrier: 'UA', price: null, arrDelay: 40, delayCauses: causes });
    addEvent(counts, { ...base, carrier: 'UA', price: null, arrDelay: 3 });
    const lines = minuteLines({ start: 1_795_548_660_000, counts }, 's/0').map(withoutTime);
    const causeFields = [
      'carrier_delay_sum=20i',
      'cause_count=1i',
      'late_aircraft_delay_sum=15i',
      'nas_delay_sum=5i',
      'security_delay_sum=0i',
      'weather_delay_sum=0i',
    ];
    const withCauses = lines
      .filter((line) => causeFields.every((field) => line.split(' ')[1]!.split(',').includes(field)))
      .map((line) => line.split(',')[0]);
    expect(withCauses).toEqual(['flights_total', 'flights_by_carrier', 'flights_by_departure', 'flights_by_arrival']);
    expect(lines.filter((line) => line.includes('cause_count'))).toHaveLength(4);
  });
});
