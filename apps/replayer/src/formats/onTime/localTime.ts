/**
 * UTC offsets of IANA time zones, for turning a schedule's local departure
 * and arrival times into a duration. Intl knows every zone's rules (DST
 * included); answers are cached per zone and day, as rows share both.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset', year: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Minutes the zone is ahead of UTC at that instant ("GMT-05:00" → -300). */
export function utcOffsetMinutes(timeZone: string, utcMs: number): number {
  const key = `${timeZone}@${Math.floor(utcMs / 3_600_000)}`;
  const cached = offsets.get(key);
  if (cached !== undefined) return cached;
  const name =
    formatter(timeZone)
      .formatToParts(utcMs)
      .find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** A wall-clock time in a zone ("2013-01-01", "05:15", "America/New_York") as epoch ms. */
export function localToUtc(date: string, time: string, timeZone: string): number {
  const wall = Date.parse(`${date}T${time}:00Z`);
  // The offset one guess away is right except within the hour a clock changes.
  const guess = wall - utcOffsetMinutes(timeZone, wall) * 60_000;
  return wall - utcOffsetMinutes(timeZone, guess) * 60_000;
}

/**
 * Scheduled minutes between a local departure and a local arrival in
 * their own zones, and how many days after the departure date the arrival
 * falls: the first arrival instant after the departure.
 */
export function flightSpan(
  date: string,
  departureTime: string,
  departureZone: string,
  arrivalTime: string,
  arrivalZone: string,
): { durationMinutes: number; dayOffset: number } {
  const departs = localToUtc(date, departureTime, departureZone);
  for (let dayOffset = 0; dayOffset <= 2; dayOffset += 1) {
    const day = new Date(Date.parse(`${date}T00:00:00Z`) + dayOffset * 86_400_000).toISOString().slice(0, 10);
    const arrives = localToUtc(day, arrivalTime, arrivalZone);
    if (arrives > departs) return { durationMinutes: Math.round((arrives - departs) / 60_000), dayOffset };
  }
  return { durationMinutes: 0, dayOffset: 0 };
}
