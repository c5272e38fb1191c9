import {
  DELAYED_MINUTES,
  emptyCauses,
  emptyDelays,
  hubKeys,
  itineraryKey,
  legKeys,
  routeKey,
  stopsBucket,
  type CauseTotals,
  type DelayTotals,
  type Dimension,
  type FlightEvent,
} from '@flights/schemas';

export const MINUTE_MS = 60_000;

/**
 * Flights, fares, durations and delays (on-time files: the dashboard's
 * DelayTotals, summed per minute) of one entity in one minute. Everything is
 * summed, never averaged, so any span can be averaged exactly.
 */
export interface Tally extends DelayTotals, CauseTotals {
  flights: number;
  fareSum: number;
  fareCount: number;
  /** Scheduled minutes in the air; written only for itineraries (`duration_sum`). */
  durationSum: number;
}

export interface MinuteCounts {
  total: Tally;
  byDimension: Record<Dimension, Map<string, Tally>>;
  /** Carrier × itinerary, keyed by `crossKey`: the breakdowns of the entity detail. */
  byCarrierItinerary: Map<string, Tally>;
}

/** Joins two tag values into one map key; NUL cannot occur in either (validated strings of a JSON event). */
export function crossKey(carrier: string, itinerary: string): string {
  return `${carrier}\u0000${itinerary}`;
}

export function splitCrossKey(key: string): [string, string] {
  const at = key.indexOf('\u0000');
  return [key.slice(0, at), key.slice(at + 1)];
}

export function minuteStart(ts: number): number {
  return Math.floor(ts / MINUTE_MS) * MINUTE_MS;
}

export function emptyTally(): Tally {
  return { flights: 0, fareSum: 0, fareCount: 0, durationSum: 0, ...emptyDelays(), ...emptyCauses() };
}

export function emptyMinute(): MinuteCounts {
  return {
    total: emptyTally(),
    byDimension: {
      carrier: new Map(),
      departure: new Map(),
      arrival: new Map(),
      route: new Map(),
      itinerary: new Map(),
      leg: new Map(),
      hub: new Map(),
      stops: new Map(),
    },
    byCarrierItinerary: new Map(),
  };
}

function addTo(tally: Tally, event: FlightEvent): void {
  tally.flights += 1;
  // A stand-in duration (the file had no schedule for it) is not a duration.
  if (!event.lacks?.includes('durationMinutes')) tally.durationSum += event.durationMinutes;
  if (event.price !== null) {
    tally.fareSum += event.price;
    tally.fareCount += 1;
  }
  if (event.depDelay !== undefined && event.depDelay !== null) {
    tally.depDelaySum += event.depDelay;
    tally.depDelayCount += 1;
    if (event.depDelay >= DELAYED_MINUTES) tally.depDelayed15 += 1;
  }
  if (event.arrDelay !== undefined && event.arrDelay !== null) {
    tally.arrDelaySum += event.arrDelay;
    tally.arrDelayCount += 1;
    if (event.arrDelay >= DELAYED_MINUTES) tally.arrDelayed15 += 1;
  }
  if (event.cancelled) tally.cancelled += 1;
  const causes = event.delayCauses;
  if (causes) {
    tally.causeCount += 1;
    tally.carrierDelaySum += causes.carrier;
    tally.weatherDelaySum += causes.weather;
    tally.nasDelaySum += causes.nas;
    tally.securityDelaySum += causes.security;
    tally.lateAircraftDelaySum += causes.lateAircraft;
  }
}

function count(entities: Map<string, Tally>, key: string, event: FlightEvent): void {
  let tally = entities.get(key);
  if (!tally) {
    tally = emptyTally();
    entities.set(key, tally);
  }
  addTo(tally, event);
}

/**
 * Adds one event to its minute: once to the total and to each one-key
 * dimension, once per leg and per connecting airport of its path. A flight
 * without a path counts in none of the network dimensions; with `network`
 * off (AGGREGATOR_NETWORK=off) nothing is counted in them.
 */
export function addEvent(minute: MinuteCounts, event: FlightEvent, network = true): void {
  const { byDimension } = minute;
  addTo(minute.total, event);
  count(byDimension.carrier, event.carrier, event);
  count(byDimension.departure, event.departureAirport, event);
  count(byDimension.arrival, event.arrivalAirport, event);
  count(byDimension.route, routeKey(event), event);
  if (!network) return;
  const route = event.route;
  const itinerary = itineraryKey(route);
  if (itinerary === null) return;
  count(byDimension.itinerary, itinerary, event);
  count(minute.byCarrierItinerary, crossKey(event.carrier, itinerary), event);
  count(byDimension.stops, stopsBucket(route)!, event);
  for (const leg of legKeys(route)) count(byDimension.leg, leg, event);
  for (const hub of hubKeys(route)) count(byDimension.hub, hub, event);
}
