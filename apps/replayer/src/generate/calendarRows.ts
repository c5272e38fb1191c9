import { flightDraws, type FlightDraws, kaggleRow } from './generateKaggleRows.ts';

/**
 * How busy each day of the week is against the average day, Sunday first: the usual airline week (Friday and
 * Monday busiest, Saturday quietest). The real file cannot give this: its journey dates are a handful of days a
 * month. The weights average 1, so `perDay` stays the mean.
 */
export const WEEKDAY_WEIGHTS = [1.02, 1.04, 0.96, 0.97, 1.04, 1.08, 0.89] as const;

export interface CalendarOptions {
  /** The first day, YYYY-MM-DD: the file's times are wall-clock times of that calendar. */
  from: string;
  days: number;
  /** Flights on an average day; each day has its weekday's share of them. */
  perDay: number;
  seed?: number;
  withoutPrice?: boolean;
}

/** A day's departures, minutes after midnight, ascending: hours from the real file's mix, any minute of the hour. */
function departureMinutes(draws: FlightDraws, count: number): number[] {
  const minutes = Array.from({ length: count }, () => draws.hour() * 60 + Math.floor(draws.rand() * 60));
  return minutes.sort((a, b) => a - b);
}

/**
 * Rows for consecutive calendar days, in departure order: each day as busy as its weekday, each hour as busy as
 * the real file's departures at that hour. Replayed with `--clock calendar`, a file like this looks like a real
 * month: waves by the day and by the week. Any minute of the hour, not the real file's five-minute steps: a
 * live minute chart would otherwise show four empty minutes in five.
 */
export function* generateCalendarRows(options: CalendarOptions): Generator<string[]> {
  const first = Date.parse(`${options.from}T00:00:00Z`);
  if (Number.isNaN(first)) throw new RangeError(`--from ${options.from} is not a date (YYYY-MM-DD)`);
  const draws = flightDraws(options.seed ?? 2019);
  for (let day = 0; day < options.days; day += 1) {
    const date = new Date(first + day * 86_400_000);
    const count = Math.round(options.perDay * WEEKDAY_WEIGHTS[date.getUTCDay()]!);
    for (const depMinutes of departureMinutes(draws, count))
      yield kaggleRow(draws, date, depMinutes, options.withoutPrice);
  }
}
