/**
 * The flight network inside an event's `route` (IATA codes in flight order):
 * the whole itinerary, its legs, its connecting airports and its number of
 * stops. Pure and browser-safe: the aggregator counts with these, the
 * dashboard labels with them.
 */

/** The stops buckets of `flights_by_stops`, in display order. */
export const STOPS_BUCKETS = ['0', '1', '2', '3', '4+'] as const;
export type StopsBucket = (typeof STOPS_BUCKETS)[number];

/** A path is known when it has at least a departure and an arrival. */
function knownPath(route: readonly string[]): boolean {
  return route.length >= 2;
}

/** The whole path as one tag value, `DEL-BOM-COK`; null without a path. */
export function itineraryKey(route: readonly string[]): string | null {
  return knownPath(route) ? route.join('-') : null;
}

/** Each hop as a directed pair (`DEL-BOM`, `BOM-COK`); a path of n codes has n − 1 legs. */
export function legKeys(route: readonly string[]): string[] {
  const legs: string[] = [];
  for (let i = 1; i < route.length; i += 1) legs.push(`${route[i - 1]}-${route[i]}`);
  return legs;
}

/** The intermediate codes: where a flight connects (`BOM` in DEL → BOM → COK). */
export function hubKeys(route: readonly string[]): readonly string[] {
  return route.length > 2 ? route.slice(1, -1) : [];
}

/** Stops from the path: codes between the first and the last, 4 and more in one bucket. */
export function stopsBucket(route: readonly string[]): StopsBucket | null {
  if (!knownPath(route)) return null;
  const stops = route.length - 2;
  return stops >= 4 ? '4+' : (String(stops) as StopsBucket);
}

/** A path or leg key for people: `DEL-BOM-COK` → `DEL → BOM → COK`. */
export function pathLabel(key: string): string {
  return key.split('-').join(' → ');
}

/** A stops bucket for people: `0` → `non-stop`, `1` → `1 stop`, `4+` → `4+ stops`. */
export function stopsLabel(bucket: string): string {
  if (bucket === '0') return 'non-stop';
  return bucket === '1' ? '1 stop' : `${bucket} stops`;
}
