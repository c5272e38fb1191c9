const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1, minimumFractionDigits: 1 });

export const formatCount = (value: number): string => integer.format(value);
export const formatRate = (value: number): string => oneDecimal.format(value);
export const formatFare = (sum: number, count: number): string => (count > 0 ? `₹${integer.format(Math.round(sum / count))}` : '–');

export function formatAge(ms: number | null): string {
  if (ms === null) return 'no data yet';
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  return `${Math.floor(seconds / 60)} min ago`;
}

export function formatClock(ts: number): string {
  return new Date(ts).toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' });
}

/** An exact average duration in minutes as "5h 12m"; "–" without flights. */
export function formatDuration(minutesSum: number, flights: number): string {
  if (flights <= 0) return '–';
  const minutes = Math.round(minutesSum / flights);
  const hours = Math.floor(minutes / 60);
  return hours === 0 ? `${minutes}m` : `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
}
