import type { DashboardSnapshot } from '@flights/schemas/dashboard';
import { formatChange, formatCount, formatFare, formatRate } from '../format.ts';

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
    return { label: 'Flights per second, now', value: elapsed >= 15 ? current / elapsed : (current + before) / (elapsed + 60) };
  }
  const hours = Math.max(1 / 60, (Math.min(now, snapshot.to) - snapshot.from) / 3_600_000);
  return { label: 'Flights per hour, average', value: snapshot.totals.flights / hours };
}

/**
 * The last complete bucket (the current one only as "so far", never as if it
 * were a whole minute), the range's flights with the change against the
 * period before, the rate, and the exact average fare.
 */
export function StatTiles({ snapshot, now }: { snapshot: DashboardSnapshot; now: number }) {
  const { series, flights, fareSum, fareCount, previous } = snapshot.totals;
  const unit = snapshot.resolution === 'minute' ? 'minute' : 'hour';
  const current = snapshot.live ? series.at(-1) ?? 0 : 0;
  const lastComplete = snapshot.live ? series.at(-2) ?? 0 : series.at(-1) ?? 0;
  const change = formatChange(flights, previous);
  const rate = flightRate(snapshot, now);
  const tiles = [
    { id: 'last-bucket', label: `Flights, last complete ${unit}`, value: formatCount(lastComplete), note: snapshot.live ? `${formatCount(current)} so far this ${unit}` : '' },
    { id: 'window', label: `Flights, ${rangeLabel(snapshot)}`, value: formatCount(flights), note: `${change.text === '–' ? 'none' : change.text} vs the ${formatCount(previous)} before`, trend: change.trend },
    { id: 'rate', label: rate.label, value: formatRate(rate.value), note: '' },
    { id: 'fare', label: `Average fare, ${rangeLabel(snapshot)}`, value: formatFare(fareSum, fareCount), note: fareCount ? `over ${formatCount(fareCount)} priced flights` : 'the data has no prices' },
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
