import { z } from 'zod';
import { compileFastCheck } from './compileFastCheck.ts';

const iata = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter IATA code');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');

/**
 * Version 1 of the flight event carried on `flight.events.v1`.
 * Additive changes (new optional fields) stay v1; anything else is a v2 on a new topic.
 */
export const FlightEventV1 = z.object({
  v: z.literal(1),
  /** Deterministic: the same row of the same file always gets the same id. */
  id: z.string().min(1).max(128),
  /** Event time, epoch milliseconds: what the aggregator windows on. */
  ts: z.number().int().nonnegative(),
  origin: z.object({
    file: z.string().min(1).max(512),
    /** 1-based data row (the header is row 0). */
    row: z.number().int().nonnegative(),
  }),
  carrier: z.string().min(1).max(100),
  journeyDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  sourceCity: z.string().min(1).max(100),
  sourceCityName: z.string().min(1).max(100),
  destinationCity: z.string().min(1).max(100),
  destinationCityName: z.string().min(1).max(100),
  /** IATA codes in flight order; empty when the file had no route (airports then come from the cities). */
  route: z.array(iata).max(12),
  departureAirport: iata,
  arrivalAirport: iata,
  stops: z.number().int().min(0).max(10).nullable(),
  departureTime: hhmm,
  arrivalTime: hhmm,
  /** Days after the journey date on which the flight lands (0 = same day). */
  arrivalDayOffset: z.number().int().min(0).max(7),
  durationMinutes: z.number().int().nonnegative().max(7 * 24 * 60),
  /** Fare in INR; null when the file has no Price column (the hackathon's test file). */
  price: z.number().int().nonnegative().nullable(),
  additionalInfo: z.string().max(500).nullable(),
});

export type FlightEvent = z.infer<typeof FlightEventV1>;

/** The route key used as a tag and as a leaderboard entity: departure and arrival airport. */
export function routeKey(event: Pick<FlightEvent, 'departureAirport' | 'arrivalAirport'>): string {
  return `${event.departureAirport}-${event.arrivalAirport}`;
}

export type FlightEventParse =
  | { ok: true; event: FlightEvent }
  | { ok: false; reason: string };

const isFlightEvent = compileFastCheck(FlightEventV1);

/** Validates untrusted bytes or objects once; everything downstream trusts the type. */
export function parseFlightEvent(input: unknown): FlightEventParse {
  let value = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : Buffer.from(input).toString('utf8');
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, reason: 'not JSON' };
    }
  }
  // The aggregator's hot path: zod is only asked when the compiled check says no.
  if (isFlightEvent(value)) return { ok: true, event: value as FlightEvent };
  const result = FlightEventV1.safeParse(value);
  if (result.success) return { ok: true, event: result.data };
  const issue = result.error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : 'event';
  return { ok: false, reason: `invalid ${path}: ${issue?.message ?? 'schema mismatch'}` };
}
