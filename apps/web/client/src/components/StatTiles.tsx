import type { DashboardSnapshot } from '@flights/schemas/dashboard';
import { hasDelays } from '@flights/schemas/dashboard';
import { formatChange, formatCount, formatDelay, formatFare, formatRate, formatShare } from '../format.ts';

/** A range's name for a tile label: "last 15m", or its dates. */
export function rangeLabel(snapshot: DashboardSnapshot): string {
  if (!snapshot.range.includes('/')) return `last ${snapshot.range}`;
  const options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' };
  return `${new Date(snapshot.from).toLocaleString('en-GB', options)} – ${new Date(snapshot.to).toLocaleString('en-GB', options)}`;
}

/**
 * Flights per second now, on a live range read by the minute; otherwise the
 * average per hour over the range (an hourly range cannot say "now").
 */
function flightRate(snapshot: DashboardSnapshot, now: number): { label: string; value: number } {
  const { series } = snapshot.totals;
  if (snapshot.live && snapshot.resolution === 'minute') {
    const current = series.at(-1) ?? 0;
    const before = series.at(-2) ?? 0;
    const elapsed = Math.min(60, Math.max(1, (now - (snapshot.buckets.at(-1) ?? now)) / 1000));
    // Early in a minute its own count says little: blend in the complete one before it.
    return {
      label: 'Flights per second, now',
      value: elapsed >= 15 ? current / elapsed : (current + before) / (elapsed + 60),
    };
  }
  const hours = Math.max(1 / 60, (Math.min(now, snapshot.to) - snapshot.from) / 3_600_000);
  return { label: 'Flights per hour, average', value: snapshot.totals.flights / hours };
}

/** What the data has beyond counts: the average fare (fare file), delays and cancellations (on-time files). */
function measureTiles(snapshot: DashboardSnapshot) {
  const { flights, fareSum, fareCount, delays } = snapshot.totals;
  const range = rangeLabel(snapshot);
  const tiles = [];
  if (fareCount > 0 || !hasDelays(delays)) {
    tiles.push({
      id: 'fare',
      label: `Average fare, ${range}`,
      value: formatFare(fareSum, fareCount),
      note: fareCount ? `over ${formatCount(fareCount)} priced flights` : 'the data has no prices',
    });
  }
  if (hasDelays(delays)) {
    tiles.push(
      {
        id: 'dep-delay',
        label: `Average departure delay, ${range}`,
        value: formatDelay(delays.depDelaySum, delays.depDelayCount),
        note: `${formatShare(delays.depDelayCount - delays.depDelayed15, delays.depDelayCount)} left on time (under 15 min late)`,
      },
      {
        id: 'arr-delay',
        label: `Average arrival delay, ${range}`,
        value: formatDelay(delays.arrDelaySum, delays.arrDelayCount),
        note: `${formatShare(delays.arrDelayCount - delays.arrDelayed15, delays.arrDelayCount)} arrived on time (under 15 min late)`,
      },
      {
        id: 'cancelled',
        label: `Cancelled, ${range}`,
        value: formatCount(delays.cancelled),
        note: `${formatShare(delays.cancelled, flights)} of flights`,
      },
    );
  }
  return tiles;
}

/**
 * The last complete bucket (the current one only as "so far", never as if it
 * were a whole minute), the range's flights with the change against the
 * period before, the rate, and what the data measures: the exact average
 * fare, or delays and cancellations.
 */
export function StatTiles({ snapshot, now }: { snapshot: DashboardSnapshot; now: number }) {
  const { series, flights, previous } = snapshot.totals;
  const unit = snapshot.resolution === 'minute' ? 'minute' : 'hour';
  const current = snapshot.live ? (series.at(-1) ?? 0) : 0;
  const lastComplete = snapshot.live ? (series.at(-2) ?? 0) : (series.at(-1) ?? 0);
  const change = formatChange(flights, previous);
  const rate = flightRate(snapshot, now);
  const tiles = [
    {
      id: 'last-bucket',
      label: `Flights, last complete ${unit}`,
      value: formatCount(lastComplete),
      note: snapshot.live ? `${formatCount(current)} so far this ${unit}` : '',
    },
    {
      id: 'window',
      label: `Flights, ${rangeLabel(snapshot)}`,
      value: formatCount(flights),
      note: `${change.text === '–' ? 'none' : change.text} vs the ${formatCount(previous)} before`,
      trend: change.trend,
    },
    { id: 'rate', label: rate.label, value: formatRate(rate.value), note: '' },
    ...measureTiles(snapshot),
  ];
  return (
    <div className="tiles">
      {tiles.map((tile) => (
        <div key={tile.id} className="panel tile" data-testid={`tile-${tile.id}`}>
          <div className="tile-label">{tile.label}</div>
          <div className="tile-value">{tile.value}</div>
          {tile.note && <div className={`tile-note${'trend' in tile ? ` trend-${tile.trend}` : ''}`}>{tile.note}</div>}
        </div>
      ))}
    </div>
  );
}
