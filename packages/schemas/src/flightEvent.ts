import { z } from 'zod';
import { compileFastCheck } from './compileFastCheck.ts';

const iata = z.string().regex(/^[A-Z]{3}$/, 'expected a 3-letter IATA code');
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
/**
 * A name that becomes an InfluxDB tag value (carrier, city). Line protocol
 * escapes commas, spaces and equals signs, but has no escape for a backslash
 * before them or at the end of a value, nor for control characters (NUL, a
 * newline): such a value would make InfluxDB refuse the whole batch it is
 * in. The event is refused here instead, with this reason, and dead-lettered.
 * The pattern is one character class: linear on any input.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are exactly what it refuses
const TAG_SAFE = /^[^\\\u0000-\u001f\u007f]*$/;
const tagText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .regex(TAG_SAFE, 'contains a backslash or a control character, which InfluxDB tags cannot carry');
/** Minutes late (negative: early), a week either way at most. */
const delayMinutes = z
  .number()
  .int()
  .min(-7 * 24 * 60)
  .max(7 * 24 * 60);
/** Minutes of an arrival delay put down to one cause. */
const causeMinutes = z
  .number()
  .int()
  .nonnegative()
  .max(7 * 24 * 60);

/**
 * The causes BTS gives a delayed arrival (its CarrierDelay, WeatherDelay,
 * NASDelay, SecurityDelay and LateAircraftDelay columns), in minutes. BTS
 * fills them only for arrivals 15 minutes or more late; they sum to the
 * arrival delay.
 */
export const DelayCausesV1 = z.object({
  carrier: causeMinutes,
  weather: causeMinutes,
  nas: causeMinutes,
  security: causeMinutes,
  lateAircraft: causeMinutes,
});
export type DelayCauses = z.infer<typeof DelayCausesV1>;
export const DELAY_CAUSES = [
  'carrier',
  'weather',
  'nas',
  'security',
  'lateAircraft',
] as const satisfies readonly (keyof DelayCauses)[];

/**
 * The v1 fields an input file may not have: the event still carries a value
 * (v1 requires one), and names it in `lacks` so nothing downstream counts it.
 */
export const STAND_IN_FIELDS = ['departureTime', 'arrivalTime', 'durationMinutes'] as const;
export type StandInField = (typeof STAND_IN_FIELDS)[number];

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
    /** The input file's name, without its folder (early replayers sent the path as given). */
    file: z.string().min(1).max(512),
    /** 1-based data row (the header is row 0). */
    row: z.number().int().nonnegative(),
  }),
  carrier: tagText(100),
  journeyDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  sourceCity: tagText(100),
  sourceCityName: tagText(100),
  destinationCity: tagText(100),
  destinationCityName: tagText(100),
  /** IATA codes in flight order; empty when the file had no route (airports then come from the cities). */
  route: z.array(iata).max(12),
  departureAirport: iata,
  arrivalAirport: iata,
  stops: z.number().int().min(0).max(10).nullable(),
  departureTime: hhmm,
  arrivalTime: hhmm,
  /** Days after the journey date on which the flight lands (0 = same day). */
  arrivalDayOffset: z.number().int().min(0).max(7),
  durationMinutes: z
    .number()
    .int()
    .nonnegative()
    .max(7 * 24 * 60),
  /** Fare in INR; null when the file has no Price column (the hackathon's test file). */
  price: z.number().int().nonnegative().nullable(),
  additionalInfo: z.string().max(500).nullable(),
  // Added for the on-time formats (BTS, the 2015 Kaggle file, nycflights13): optional, so v1 readers and
  // fare-file events are unchanged. Absent means the input has no such column; null means it has the
  // column but not this flight's value (a cancelled flight has no delay).
  /** Scheduled to actual departure, minutes. */
  depDelay: delayMinutes.nullable().optional(),
  /** Scheduled to actual arrival, minutes. */
  arrDelay: delayMinutes.nullable().optional(),
  cancelled: z.boolean().optional(),
  /** Why the arrival was late, when the file says (BTS, the 2015 Kaggle file): absent otherwise. */
  delayCauses: DelayCausesV1.optional(),
  /** The carrier's code when `carrier` is its name from a lookup ("UA" for "United Air Lines Inc."). */
  carrierCode: tagText(10).optional(),
  /** The input's format: "fare", "nycflights13", "kaggle-2015", "bts", "mapped". */
  format: z.string().min(1).max(40).optional(),
  /** v1 fields whose values are stand-ins because the input does not have them. */
  lacks: z.array(z.enum(STAND_IN_FIELDS)).max(STAND_IN_FIELDS.length).optional(),
});

export type FlightEvent = z.infer<typeof FlightEventV1>;

/** The route key used as a tag and as a leaderboard entity: departure and arrival airport. */
export function routeKey(event: Pick<FlightEvent, 'departureAirport' | 'arrivalAirport'>): string {
  return `${event.departureAirport}-${event.arrivalAirport}`;
}

export type FlightEventParse = { ok: true; event: FlightEvent } | { ok: false; reason: string };

const isFlightEvent = compileFastCheck(FlightEventV1);
/** Browser-safe, and as fast as Buffer's decoding in Node (both use simdutf). */
const utf8 = new TextDecoder();

/** Validates untrusted bytes or objects once; everything downstream trusts the type. */
export function parseFlightEvent(input: unknown): FlightEventParse {
  let value = input;
  if (typeof input === 'string' || input instanceof Uint8Array) {
    const text = typeof input === 'string' ? input : utf8.decode(input);
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
