const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const formatCount = (value: number): string => integer.format(value);
export const formatRate = (value: number): string => oneDecimal.format(value);
export const formatFare = (sum: number, count: number): string =>
  count > 0 ? `₹${integer.format(Math.round(sum / count))}` : '–';

export function formatAge(ms: number | null): string {
  if (ms === null) return 'no data yet';
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  return `${Math.floor(seconds / 60)} min ago`;
}

/** How old the newest pushed data is, to a tenth of a second while under ten seconds: "0.2 s ago". */
export function formatFreshness(ms: number): string {
  const seconds = Math.max(0, ms / 1000);
  return seconds < 10 ? `${seconds.toFixed(1)} s ago` : formatAge(ms);
}

export function formatClock(ts: number): string {
  return new Date(ts).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** A bucket's start as people read it: "14:05" by the minute, "26 Nov 14:00" by the hour. */
export function formatBucket(ts: number, resolution: 'minute' | 'hour'): string {
  if (resolution === 'minute') return formatClock(ts);
  return new Date(ts).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
}

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

/** A part of a whole; a part that is there but rounds to zero still says so. */
export function formatShare(part: number, total: number): string {
  if (total <= 0) return '–';
  return part > 0 && part / total < 0.0005 ? '<0.1%' : percent.format(part / total);
}

/** Change against the period before: "▲ 12%", "▼ 3%", "new" when there was none, "=" when equal. */
export function formatChange(
  current: number,
  previous: number,
): { text: string; trend: 'up' | 'down' | 'flat' | 'new' } {
  if (previous === 0) return current > 0 ? { text: 'new', trend: 'new' } : { text: '–', trend: 'flat' };
  const change = (current - previous) / previous;
  if (Math.abs(change) < 0.0005) return { text: '=', trend: 'flat' };
  const text = `${change > 0 ? '▲' : '▼'} ${new Intl.NumberFormat('en-US', { maximumFractionDigits: Math.abs(change) < 0.1 ? 1 : 0 }).format(Math.abs(change) * 100)}%`;
  return { text, trend: change > 0 ? 'up' : 'down' };
}

/** An exact average duration in minutes as "5h 12m"; "–" without flights. */
export function formatDuration(minutesSum: number, flights: number): string {
  if (flights <= 0) return '–';
  const minutes = Math.round(minutesSum / flights);
  const hours = Math.floor(minutes / 60);
  return hours === 0 ? `${minutes}m` : `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}

const signedOneDecimal = new Intl.NumberFormat('en-US', {
  maximumFractionDigits: 1,
  minimumFractionDigits: 1,
  signDisplay: 'exceptZero',
});

/** An exact average delay in minutes: "+12.4m", "−3.0m" (early); "–" without known delays. */
export function formatDelay(sum: number, count: number): string {
  return count > 0 ? `${signedOneDecimal.format(sum / count).replace('-', '−')}m` : '–';
}
