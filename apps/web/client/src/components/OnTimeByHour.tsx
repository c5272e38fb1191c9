import type { DashboardSnapshot } from '@flights/schemas/dashboard';
import { formatCount, formatShare } from '../format.ts';

export interface HourOnTime {
  hour: number;
  /** Arrivals with a known delay, and those 15 minutes or more late, of flights scheduled to leave in this hour. */
  known: number;
  late: number;
}

/** The browser's hour of day of a bucket start. */
const localHour = (ts: number) => new Date(ts).getHours();

/**
 * Folds the range's arrivals per bucket into the 24 hours of the day of
 * their scheduled departure (the event time), in the browser's time zone.
 */
export function onTimeByHour(
  buckets: readonly number[],
  arrivals: { known: readonly number[]; late: readonly number[] },
  hourOf: (ts: number) => number = localHour,
): HourOnTime[] {
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, known: 0, late: 0 }));
  buckets.forEach((ts, i) => {
    const hour = hours[hourOf(ts)]!;
    hour.known += arrivals.known[i] ?? 0;
    hour.late += arrivals.late[i] ?? 0;
  });
  return hours;
}

const zoneName = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Arrivals on time (A14: under 15 minutes late) by the hour flights were scheduled to leave: delays build up over the day. */
export function OnTimeByHour({ snapshot }: { snapshot: DashboardSnapshot }) {
  const arrivals = snapshot.totals.arrivals;
  const hours = arrivals ? onTimeByHour(snapshot.buckets, arrivals) : [];
  const shown = hours.filter((h) => h.known > 0);
  return (
    <section className="panel by-hour" aria-labelledby="by-hour-title" data-testid="on-time-by-hour">
      <h2 id="by-hour-title">Arrivals on time by departure hour</h2>
      <p className="note">Scheduled departure, {zoneName()} time; the bar is the share under 15 minutes late.</p>
      {shown.length === 0 ? (
        <p className="empty">No arrivals with a known delay in this range yet.</p>
      ) : (
        <ol className="hour-bars">
          {hours.map(({ hour, known, late }) => (
            <li
              key={hour}
              data-hour={hour}
              data-known={known}
              data-late={late}
              title={
                known > 0
                  ? `${String(hour).padStart(2, '0')}:00–${String(hour).padStart(2, '0')}:59: ` +
                    `${formatShare(known - late, known)} on time (${formatCount(known - late)} of ${formatCount(known)})`
                  : `${String(hour).padStart(2, '0')}:00: no arrivals with a known delay`
              }
            >
              <span className="hour-bar" style={{ height: known > 0 ? `${((known - late) / known) * 100}%` : 0 }} />
              <span className="hour-label" aria-hidden="true">
                {hour % 3 === 0 ? hour : ''}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
