import { routeKey, type Dimension, type FlightEvent } from '@flights/schemas';

export const MINUTE_MS = 60_000;

/** Flights and fares of one entity in one minute. Fares are summed, never averaged, so any span can be averaged exactly. */
export interface Tally {
  flights: number;
  fareSum: number;
  fareCount: number;
}

export interface MinuteCounts {
  total: Tally;
  byDimension: Record<Dimension, Map<string, Tally>>;
}

export function minuteStart(ts: number): number {
  return Math.floor(ts / MINUTE_MS) * MINUTE_MS;
}

export function emptyMinute(): MinuteCounts {
  return {
    total: { flights: 0, fareSum: 0, fareCount: 0 },
    byDimension: { carrier: new Map(), departure: new Map(), arrival: new Map(), route: new Map() },
  };
}

/** The entity an event counts for in each dimension. */
export function entityKeys(event: FlightEvent): Record<Dimension, string> {
  return { carrier: event.carrier, departure: event.departureAirport, arrival: event.arrivalAirport, route: routeKey(event) };
}

function addTo(tally: Tally, price: number | null): void {
  tally.flights += 1;
  if (price !== null) {
    tally.fareSum += price;
    tally.fareCount += 1;
  }
}

export function addEvent(minute: MinuteCounts, event: FlightEvent): void {
  addTo(minute.total, event.price);
  const keys = entityKeys(event);
  for (const dimension of Object.keys(keys) as Dimension[]) {
    const entities = minute.byDimension[dimension];
    let tally = entities.get(keys[dimension]);
    if (!tally) {
      tally = { flights: 0, fareSum: 0, fareCount: 0 };
      entities.set(keys[dimension], tally);
    }
    addTo(tally, event.price);
  }
}
