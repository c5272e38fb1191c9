/**
 * Parsers for single Kaggle fields. Each returns the parsed value or throws a
 * FieldError whose message becomes the dead-letter reason.
 */
export class FieldError extends Error {
  override name = 'FieldError';
  readonly column: string;

  constructor(column: string, message: string) {
    super(`invalid ${column}: ${message}`);
    this.column = column;
  }
}

/**
 * The longest value a field parser reads. Dates, times, numbers and routes
 * are short (a route of 12 airports is 72 characters); a longer cell is
 * refused before any regular expression sees it, so no pattern can be made
 * to backtrack over a megabyte-long cell, and no dead-letter reason quotes one.
 */
export const MAX_FIELD_CHARS = 200;

/** The raw value, when it is short enough to parse; a FieldError otherwise. */
export function boundedField(column: string, raw: string): string {
  if (raw.length > MAX_FIELD_CHARS)
    throw new FieldError(
      column,
      `a value of ${raw.length.toLocaleString('en-US')} characters (at most ${MAX_FIELD_CHARS})`,
    );
  return raw;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** "24/03/2019", "1/05/2019" (day not always padded), also ISO "2019-03-24": to "2019-03-24". */
export function parseJourneyDate(raw: string): string {
  const value = boundedField('Date_of_Journey', raw).trim();
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
  let day: number, month: number, year: number;
  if (match) {
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else if ((match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value))) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    throw new FieldError('Date_of_Journey', `"${raw}" is not day/month/year`);
  }
  if (!isRealDate(year, month, day)) throw new FieldError('Date_of_Journey', `"${raw}" is not a calendar date`);
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** "22:20" or "5:05" to "22:20"/"05:05". */
export function parseClockTime(column: string, raw: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(boundedField(column, raw).trim());
  if (!match || Number(match[1]) > 23 || Number(match[2]) > 59) throw new FieldError(column, `"${raw}" is not HH:MM`);
  return `${pad(Number(match[1]))}:${match[2]}`;
}

/**
 * "01:10 22 Mar" or "13:15" to the arrival time and the day offset from the
 * journey date. The date suffix cannot be trusted: in the real file it often
 * disagrees with Date_of_Journey (row 1: journey 24 Mar, arrival "01:10 22 Mar"),
 * so the offset comes from departure time plus duration; the suffix is only
 * checked for form.
 */
export function parseArrival(
  raw: string,
  departureTime: string,
  durationMinutes: number,
): { time: string; dayOffset: number } {
  const match = /^(\d{1,2}:\d{2})(?:\s+(\d{1,2})\s+([A-Za-z]{3}))?$/.exec(boundedField('Arrival_Time', raw).trim());
  if (!match) throw new FieldError('Arrival_Time', `"${raw}" is not "HH:MM" or "HH:MM D Mon"`);
  if (match[3] !== undefined && !MONTHS.includes(match[3].toLowerCase()))
    throw new FieldError('Arrival_Time', `"${match[3]}" is not a month`);
  const time = parseClockTime('Arrival_Time', match[1]!);
  const [hours, minutes] = departureTime.split(':').map(Number) as [number, number];
  const dayOffset = Math.floor((hours * 60 + minutes + durationMinutes) / 1440);
  if (dayOffset > 7) throw new FieldError('Duration', `${durationMinutes} minutes is more than a week`);
  return { time, dayOffset };
}

/** "2h 50m", "19h", "5m" to minutes. */
export function parseDuration(raw: string): number {
  const match = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?$/i.exec(boundedField('Duration', raw).trim());
  if (!match || (match[1] === undefined && match[2] === undefined))
    throw new FieldError('Duration', `"${raw}" is not like "2h 50m"`);
  return Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
}

/** "non-stop", "1 stop", "2 stops"; empty is unknown (null). */
export function parseStops(raw: string): number | null {
  const value = boundedField('Total_Stops', raw).trim().toLowerCase();
  if (value === '') return null;
  if (value === 'non-stop' || value === 'nonstop' || value === '0 stops') return 0;
  const match = /^(\d+)\s*stops?$/.exec(value);
  if (!match) throw new FieldError('Total_Stops', `"${raw}" is not "non-stop" or "N stops"`);
  return Number(match[1]);
}

/** "BLR → DEL" (U+2192; "->" also accepted) to ["BLR", "DEL"]; empty to []. */
export function parseRoute(raw: string): string[] {
  const value = boundedField('Route', raw).trim();
  if (value === '') return [];
  const codes = value.split(/\s*(?:→|->|>)\s*/).map((code) => code.trim().toUpperCase());
  const bad = codes.find((code) => !/^[A-Z]{3}$/.test(code));
  if (bad !== undefined) throw new FieldError('Route', `"${bad}" in "${raw}" is not an IATA code`);
  if (codes.length < 2) throw new FieldError('Route', `"${raw}" has fewer than two airports`);
  return codes;
}

/** "3897" or "3,897" to 3897; empty to null (the test file has no prices). */
export function parsePrice(raw: string | undefined): number | null {
  const value = boundedField('Price', raw ?? '')
    .trim()
    .replace(/,/g, '');
  if (value === '') return null;
  if (!/^\d+(\.\d+)?$/.test(value)) throw new FieldError('Price', `"${raw}" is not a number`);
  return Math.round(Number(value));
}
