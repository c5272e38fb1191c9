import type { UnstampedFlight } from '../rows/flightRow.ts';

/**
 * Gives each flight its event time.
 * - `now`: the moment it is sent (the seed's behaviour).
 * - `schedule`: its scheduled departure, mapped onto the present at `speed`
 *   times real speed; the replayer sends it when that moment comes.
 * - `history`: the first pass spreads the inputs' flights over the past
 *   `span`, ending now, in scheduled order, sent as fast as Kafka takes them;
 *   later passes (--loop) go live, stamped when sent.
 * - `calendar`: its scheduled departure as a wall-clock time of this machine,
 *   unchanged: the past is sent at once, the future when its time comes.
 */
export interface ReplayClock {
  readonly mode: 'now' | 'schedule' | 'history' | 'calendar';
  /** Calendar mode: flights timed before this (epoch ms) are left out (`--since`). */
  readonly earliest?: number;
  /** Starts a pass over the inputs; schedule mode re-anchors on the first flight of the pass. */
  startPass(): void;
  /** History mode: this pass's flights are held, sorted and placed in the past before any is sent. */
  holdsPass?(): boolean;
  /** History mode: the first and last scheduled departure of the held flights, before they are stamped. */
  place?(firstScheduled: number, lastScheduled: number): void;
  /** The event time of a flight scheduled to depart at `scheduled` (epoch ms, `scheduledDeparture`). */
  eventTime(scheduled: number): number;
}

/** Scheduled departure as epoch ms, reading the local time as if it were UTC (only differences matter). */
export function scheduledDeparture(flight: Pick<UnstampedFlight, 'journeyDate' | 'departureTime'>): number {
  return Date.parse(`${flight.journeyDate}T${flight.departureTime}:00Z`);
}

export function nowClock(now: () => number = Date.now): ReplayClock {
  return { mode: 'now', startPass() {}, eventTime: () => now() };
}

export function scheduleClock(speed: number, now: () => number = Date.now): ReplayClock {
  if (!(speed > 0)) throw new Error('speed must be greater than 0');
  let anchor: { real: number; scheduled: number } | undefined;
  return {
    mode: 'schedule',
    startPass() {
      anchor = undefined;
    },
    eventTime(scheduled) {
      anchor ??= { real: now(), scheduled };
      return Math.round(anchor.real + (scheduled - anchor.scheduled) / speed);
    },
  };
}

/**
 * The earliest flight lands an hour inside the span: a span as long as the
 * 1-minute retention (30 days) stays inside it while it is written, and
 * inside the dashboard's "30d", which counts whole hours ending with the
 * current one.
 */
export const HISTORY_MARGIN_MS = 60 * 60_000;

export function historyClock(spanMs: number, now: () => number = Date.now): ReplayClock {
  if (!(spanMs > HISTORY_MARGIN_MS)) throw new Error('the span must be longer than an hour');
  let pass = 0;
  let mapping: { first: number; scale: number; start: number } | undefined;
  return {
    mode: 'history',
    startPass() {
      pass += 1;
      mapping = undefined;
    },
    holdsPass: () => pass <= 1,
    place(firstScheduled, lastScheduled) {
      const end = now();
      const start = end - spanMs + HISTORY_MARGIN_MS;
      const spread = lastScheduled - firstScheduled;
      mapping = {
        first: firstScheduled,
        scale: spread > 0 ? (end - start) / spread : 0,
        start: spread > 0 ? start : end,
      };
    },
    eventTime(scheduled) {
      if (!mapping) return now();
      return Math.round(mapping.start + (scheduled - mapping.first) * mapping.scale);
    },
  };
}

const WEEK_MS = 7 * 86_400_000;

/** The scheduled departure (read as UTC by `scheduledDeparture`) as the same wall-clock time in this machine's zone. */
export function wallClockTime(scheduled: number): number {
  const d = new Date(scheduled);
  return new Date(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes()).getTime();
}

/**
 * Calendar mode: a file of real dates (such as `replay generate --from`) played as it is dated. `sinceMs` leaves
 * out flights timed further back than that before the start (a month of history, or none: "0m"). Each --loop
 * pass after the first moves the file on by its length rounded up to whole weeks, so weekdays stay weekdays and a
 * file of whole weeks loops without a seam.
 */
export function calendarClock(sinceMs: number | undefined, now: () => number = Date.now): ReplayClock {
  let pass = 0;
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  let cycle = 0;
  return {
    mode: 'calendar',
    earliest: sinceMs === undefined ? undefined : now() - sinceMs,
    startPass() {
      pass += 1;
      if (pass === 2 && last >= first) cycle = Math.ceil((last - first + 60_000) / WEEK_MS) * WEEK_MS;
    },
    eventTime(scheduled) {
      const time = wallClockTime(scheduled);
      if (pass <= 1) {
        first = Math.min(first, time);
        last = Math.max(last, time);
      }
      return time + (pass - 1) * cycle;
    },
  };
}

/** "30d", "12h", "90m" in milliseconds; undefined when it is none of those. */
export function parseSpan(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)(m|h|d)$/.exec(text.trim());
  if (!match) return undefined;
  const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] as 'm' | 'h' | 'd'];
  return Math.round(Number(match[1]) * unit);
}
