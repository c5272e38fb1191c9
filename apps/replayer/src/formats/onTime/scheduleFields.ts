import type { DelayCauses } from '@flights/schemas';
import { boundedField, FieldError } from '../../rows/fields.ts';

/**
 * The fields an on-time row is read into, whatever its format. A profile
 * (nycflights13, the 2015 Kaggle file, BTS) or a `--map` names the column of
 * each; a field the file has no column for is absent.
 */
export const SCHEDULE_FIELDS = [
  'carrier',
  'departure',
  'arrival',
  'scheduled',
  'date',
  'time',
  'arrivalTime',
  'duration',
  'price',
  'depDelay',
  'arrDelay',
  'cancelled',
  'carrierDelay',
  'weatherDelay',
  'nasDelay',
  'securityDelay',
  'lateAircraftDelay',
] as const;
export type ScheduleField = (typeof SCHEDULE_FIELDS)[number];

/** One row's cell per field; a field is absent when the file has no column for it. */
export type ScheduleValues = Partial<Record<ScheduleField, string>>;

const pad = (n: number) => String(n).padStart(2, '0');

/** What data files write for "no value": R's NA, pandas' NaN, empty. */
export function isMissing(raw: string | undefined): boolean {
  const value = (raw ?? '').trim();
  return value === '' || /^(na|nan|null|none|n\/a)$/i.test(value);
}

function calendarDate(field: string, raw: string, year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new FieldError(field, `"${raw}" is not a calendar date`);
  }
  return `${year}-${pad(month)}-${pad(day)}`;
}

/** "2013-01-01", "2013/01/01", "24/03/2019" (day first, as the fare file writes it) to "YYYY-MM-DD". */
export function parseDate(field: string, raw: string): string {
  const value = boundedField(field, raw).trim();
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value);
  if (match) return calendarDate(field, raw, Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  if (match) return calendarDate(field, raw, Number(match[3]), Number(match[2]), Number(match[1]));
  throw new FieldError(field, `"${raw}" is not a date (YYYY-MM-DD, YYYY/MM/DD or DD/MM/YYYY)`);
}

/** "05:15", "5:15", "05:15:00", and the on-time files' HHMM integers ("515", "0005", "2400" = midnight) to "HH:MM". */
export function parseTimeOfDay(field: string, raw: string): string {
  const value = boundedField(field, raw).trim().replace(/\.0+$/, '');
  let match = /^(\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
  if (!match) {
    const digits = /^\d{1,4}$/.exec(value)?.[0];
    if (digits !== undefined)
      match = ['', digits.slice(0, -2) || '0', digits.slice(-2).padStart(2, '0')] as unknown as RegExpExecArray;
  }
  if (!match) throw new FieldError(field, `"${raw}" is not a time of day (HH:MM or HHMM)`);
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours === 24 && minutes === 0) hours = 0;
  if (hours > 23 || minutes > 59) throw new FieldError(field, `"${raw}" is not a time of day (HH:MM or HHMM)`);
  return `${pad(hours)}:${pad(minutes)}`;
}

/**
 * One date-time cell: ISO 8601 ("2013-01-01T05:15:00Z", "2013-01-01 05:15"),
 * "YYYY/MM/DD HH:MM" or "DD/MM/YYYY HH:MM". The wall-clock time is kept as
 * written; an offset or Z is accepted and not applied, since schedules are
 * local times everywhere else in the data.
 */
export function parseScheduled(field: string, raw: string): { journeyDate: string; departureTime: string } {
  const match = /^(\S+?)(?:[T\s]+(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(
    boundedField(field, raw).trim(),
  );
  if (!match) throw new FieldError(field, `"${raw}" is not a date and time`);
  return {
    journeyDate: parseDate(field, match[1]!),
    departureTime: match[2] ? parseTimeOfDay(field, match[2]) : '00:00',
  };
}

/** Delay or duration minutes ("12", "-3", "12.0"); null when missing. */
export function parseMinutes(field: string, raw: string | undefined, limit = 7 * 24 * 60): number | null {
  if (isMissing(raw)) return null;
  const value = Number(boundedField(field, raw!).trim());
  if (!Number.isFinite(value) || !/^[+-]?\d+(\.\d+)?$/.test(raw!.trim()))
    throw new FieldError(field, `"${raw}" is not a number of minutes`);
  if (Math.abs(value) > limit) throw new FieldError(field, `${raw} minutes is more than a week`);
  return Math.round(value);
}

/** The schedule field of each delay cause (BTS's columns, DelayCauses' keys). */
export const CAUSE_COLUMNS = {
  carrier: 'carrierDelay',
  weather: 'weatherDelay',
  nas: 'nasDelay',
  security: 'securityDelay',
  lateAircraft: 'lateAircraftDelay',
} as const satisfies Record<keyof DelayCauses, ScheduleField>;

/**
 * A row's causes of delay: undefined when the file has no cause column or
 * this row leaves them all empty (BTS fills them only for arrivals 15
 * minutes or more late); an empty cell beside filled ones is zero minutes.
 */
export function parseCauses(values: ScheduleValues): DelayCauses | undefined {
  const entries = Object.entries(CAUSE_COLUMNS) as [keyof DelayCauses, ScheduleField][];
  if (entries.every(([, field]) => isMissing(values[field]))) return undefined;
  const causes = {} as DelayCauses;
  for (const [cause, field] of entries) {
    const minutes = parseMinutes(field, values[field]) ?? 0;
    if (minutes < 0) throw new FieldError(field, `${values[field]} minutes: a cause of delay cannot be negative`);
    causes[cause] = minutes;
  }
  return causes;
}

/** "1", "1.0", "true", "yes" / "0", "0.0", "false", "no"; undefined when missing. */
export function parseFlag(field: string, raw: string | undefined): boolean | undefined {
  if (isMissing(raw)) return undefined;
  const value = boundedField(field, raw!).trim().toLowerCase();
  if (/^(1(\.0+)?|true|t|yes|y)$/.test(value)) return true;
  if (/^(0(\.0+)?|false|f|no|n)$/.test(value)) return false;
  throw new FieldError(field, `"${raw}" is not 1/0, true/false or yes/no`);
}
