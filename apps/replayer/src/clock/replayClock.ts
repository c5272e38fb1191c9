import type { UnstampedFlight } from '../normalize/parseKaggleRow.ts';

/**
 * Gives each flight its event time.
 * - `now`: the moment it is sent (the seed's behaviour).
 * - `schedule`: its scheduled departure, mapped onto the present at `speed`
 *   times real speed; the replayer sends it when that moment comes.
 */
export interface ReplayClock {
  readonly mode: 'now' | 'schedule';
  /** Starts a pass over the inputs; schedule mode re-anchors on the first flight of the pass. */
  startPass(): void;
  eventTime(flight: UnstampedFlight): number;
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
    eventTime(flight) {
      const scheduled = scheduledDeparture(flight);
      anchor ??= { real: now(), scheduled };
      return Math.round(anchor.real + (scheduled - anchor.scheduled) / speed);
    },
  };
}
