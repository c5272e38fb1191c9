import type { DashboardSnapshot } from '@flights/schemas/dashboard';
import { formatCount, formatFare, formatRate } from '../format.ts';

/** Flights in the last minute, in the window, events/s now, average fare over the window. */
export function StatTiles({ snapshot, now }: { snapshot: DashboardSnapshot; now: number }) {
  const { perMinute, flights, fareSum, fareCount } = snapshot.totals;
  const current = perMinute.at(-1) ?? 0;
  const previous = perMinute.at(-2) ?? 0;
  const currentStart = snapshot.minutes.at(-1) ?? now;
  const elapsed = Math.min(60, Math.max(1, (now - currentStart) / 1000));
  // Early in a minute its own count is too small to mean much: blend in the minute before.
  const rate = elapsed >= 15 ? current / elapsed : (current + previous) / (elapsed + 60);
  const tiles = [
    { id: 'last-minute', label: 'Flights this minute', value: formatCount(current) },
    { id: 'window', label: `Flights, last ${snapshot.window}`, value: formatCount(flights) },
    { id: 'rate', label: 'Events per second', value: formatRate(rate) },
    { id: 'fare', label: `Average fare, last ${snapshot.window}`, value: formatFare(fareSum, fareCount) },
  ];
  return (
    <div className="tiles">
      {tiles.map((tile) => (
        <div key={tile.id} className="panel tile" data-testid={`tile-${tile.id}`}>
          <div className="tile-label">{tile.label}</div>
          <div className="tile-value">{tile.value}</div>
        </div>
      ))}
    </div>
  );
}
