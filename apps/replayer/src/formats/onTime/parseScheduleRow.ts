import { airportInfo, type AirportInfo, type StandInField } from '@flights/schemas';
import { FieldError, parsePrice } from '../../rows/fields.ts';
import { eventId, type RowOrigin, type RowResult, type UnstampedFlight } from '../../rows/flightRow.ts';
import { flightSpan } from './localTime.ts';
import {
  isMissing,
  parseCauses,
  parseDate,
  parseFlag,
  parseMinutes,
  parseScheduled,
  parseTimeOfDay,
  type ScheduleValues,
} from './scheduleFields.ts';

/** What a row's file tells about all its rows. */
export interface ScheduleContext {
  /** "nycflights13", "kaggle-2015", "bts", "mapped". */
  format: string;
  /** Carrier code to name, from an airlines file beside the input; empty when there is none. */
  carrierNames: ReadonlyMap<string, string>;
}

/** Flights of a file without a carrier column count under this carrier. */
export const UNKNOWN_CARRIER = 'unknown';

function airport(field: string, raw: string | undefined): string {
  const code = (raw ?? '').trim().toUpperCase();
  if (code === '') throw new FieldError(field, 'empty');
  // The 2015 Kaggle file names October's airports by numeric ids: not codes the network can place.
  if (!/^[A-Z]{3}$/.test(code)) throw new FieldError(field, `"${raw}" is not a 3-letter airport code`);
  return code;
}

function carrierOf(
  values: ScheduleValues,
  names: ReadonlyMap<string, string>,
): { carrier: string; carrierCode?: string } {
  if (values.carrier === undefined) return { carrier: UNKNOWN_CARRIER };
  const code = values.carrier.trim();
  if (code === '') throw new FieldError('carrier', 'empty');
  if (code.length > 100) throw new FieldError('carrier', 'longer than 100 characters');
  const name = names.get(code.toUpperCase());
  return name ? { carrier: name.slice(0, 100), carrierCode: code.slice(0, 10) } : { carrier: code };
}

function departureOf(values: ScheduleValues): { journeyDate: string; departureTime: string; timeKnown: boolean } {
  if (values.scheduled !== undefined) {
    return { ...parseScheduled('scheduled', values.scheduled), timeKnown: /\d:\d\d/.test(values.scheduled) };
  }
  const journeyDate = parseDate('date', values.date ?? '');
  if (values.time === undefined) return { journeyDate, departureTime: '00:00', timeKnown: false };
  return { journeyDate, departureTime: parseTimeOfDay('time', values.time), timeKnown: true };
}

type Arrival = Pick<UnstampedFlight, 'arrivalTime' | 'arrivalDayOffset' | 'durationMinutes'> & {
  lacks: StandInField[];
};

/**
 * The arrival side of the schedule from what the file gives: a duration
 * column wins; else local arrival time and both airports' time zones; what
 * cannot be known is a stand-in named in `lacks`.
 */
function arrivalOf(
  values: ScheduleValues,
  journeyDate: string,
  departureTime: string,
  from?: AirportInfo,
  to?: AirportInfo,
): Arrival {
  const duration = parseMinutes('duration', values.duration);
  const arrivalTime = isMissing(values.arrivalTime) ? undefined : parseTimeOfDay('arrivalTime', values.arrivalTime!);
  const zones = [from?.timeZone, to?.timeZone];
  if (duration !== null && duration >= 0) {
    const [h, m] = departureTime.split(':').map(Number) as [number, number];
    const dayOffset = Math.min(7, Math.floor((h * 60 + m + duration) / 1440));
    const lacks: StandInField[] = arrivalTime ? [] : ['arrivalTime'];
    return { arrivalTime: arrivalTime ?? departureTime, arrivalDayOffset: dayOffset, durationMinutes: duration, lacks };
  }
  if (arrivalTime && zones[0] && zones[1]) {
    const span = flightSpan(journeyDate, departureTime, zones[0], arrivalTime, zones[1]);
    return { arrivalTime, arrivalDayOffset: span.dayOffset, durationMinutes: span.durationMinutes, lacks: [] };
  }
  return {
    arrivalTime: arrivalTime ?? departureTime,
    arrivalDayOffset: 0,
    durationMinutes: 0,
    lacks: arrivalTime ? ['durationMinutes'] : ['arrivalTime', 'durationMinutes'],
  };
}

/**
 * One on-time row, read into schedule fields, to a normalized flight or the
 * reason it cannot be one. `record` is the row by column name: its id is the
 * fare file's (file name, row, values).
 */
export function parseScheduleRow(
  values: ScheduleValues,
  record: Readonly<Record<string, string>>,
  origin: RowOrigin,
  context: ScheduleContext,
): RowResult {
  try {
    const departureAirport = airport('departure', values.departure);
    const arrivalAirport = airport('arrival', values.arrival);
    const [from, to] = [airportInfo(departureAirport), airportInfo(arrivalAirport)];
    const { journeyDate, departureTime, timeKnown } = departureOf(values);
    const arrival = arrivalOf(values, journeyDate, departureTime, from, to);
    const lacks: StandInField[] = [...(timeKnown ? [] : ['departureTime' as const]), ...arrival.lacks];
    const sourceCity = (from?.city ?? departureAirport).slice(0, 100);
    const destinationCity = (to?.city ?? arrivalAirport).slice(0, 100);
    const flight: UnstampedFlight = {
      v: 1,
      id: eventId(origin, record),
      origin: { file: origin.file, row: origin.row },
      ...carrierOf(values, context.carrierNames),
      journeyDate,
      sourceCity,
      sourceCityName: sourceCity,
      destinationCity,
      destinationCityName: destinationCity,
      // Each on-time row is one nonstop leg.
      route: [departureAirport, arrivalAirport],
      departureAirport,
      arrivalAirport,
      stops: 0,
      departureTime,
      arrivalTime: arrival.arrivalTime,
      arrivalDayOffset: arrival.arrivalDayOffset,
      durationMinutes: arrival.durationMinutes,
      price: values.price === undefined || isMissing(values.price) ? null : parsePrice(values.price),
      additionalInfo: null,
      format: context.format,
    };
    if (values.depDelay !== undefined) flight.depDelay = parseMinutes('depDelay', values.depDelay);
    if (values.arrDelay !== undefined) flight.arrDelay = parseMinutes('arrDelay', values.arrDelay);
    const cancelled = parseFlag('cancelled', values.cancelled);
    if (cancelled !== undefined) flight.cancelled = cancelled;
    const causes = parseCauses(values);
    if (causes) flight.delayCauses = causes;
    if (lacks.length > 0) flight.lacks = lacks;
    return { ok: true, flight };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, reason: error.message, column: error.column };
    throw error;
  }
}
