import type { DashboardSnapshot } from '@flights/schemas/dashboard';
import { airportInfo } from '@flights/schemas/airports';
import { entityLabel } from '@flights/schemas/labels';

/** One airport on the map: where it is and what passed through it in the window. */
export interface MapAirport {
  code: string;
  label: string;
  latitude: number;
  longitude: number;
  /** ISO code of its country: which outline the map draws. */
  country: string;
  departures: number;
  arrivals: number;
  /** Flights that connected here (an intermediate code of their path). */
  connections: number;
  total: number;
}

export interface MapLeg {
  key: string;
  from: MapAirport;
  to: MapAirport;
  flights: number;
}

/**
 * The window's network for the map: every airport that appears as a
 * departure, arrival or connection, and every leg between two airports with
 * known coordinates. Pure, so the counts the map shows are testable.
 */
export function networkLayout(snapshot: DashboardSnapshot): {
  airports: MapAirport[];
  legs: MapLeg[];
  unplaced: string[];
} {
  const byCode = new Map<string, MapAirport>();
  const unplaced = new Set<string>();
  const airport = (code: string): MapAirport | undefined => {
    let found = byCode.get(code);
    if (found) return found;
    const info = airportInfo(code);
    if (!info) {
      unplaced.add(code);
      return undefined;
    }
    found = {
      code,
      label: entityLabel('departure', code),
      latitude: info.latitude,
      longitude: info.longitude,
      country: info.country,
      departures: 0,
      arrivals: 0,
      connections: 0,
      total: 0,
    };
    byCode.set(code, found);
    return found;
  };
  const { departure, arrival, hub, leg } = snapshot.dimensions;
  for (const row of departure) {
    const a = airport(row.key);
    if (a) a.departures += row.flights;
  }
  for (const row of arrival) {
    const a = airport(row.key);
    if (a) a.arrivals += row.flights;
  }
  for (const row of hub) {
    const a = airport(row.key);
    if (a) a.connections += row.flights;
  }
  const legs: MapLeg[] = [];
  for (const row of leg) {
    const [fromCode, toCode] = row.key.split('-');
    const from = fromCode ? airport(fromCode) : undefined;
    const to = toCode ? airport(toCode) : undefined;
    if (from && to) legs.push({ key: row.key, from, to, flights: row.flights });
  }
  const airports = [...byCode.values()];
  for (const a of airports) a.total = a.departures + a.arrivals + a.connections;
  airports.sort((a, b) => b.total - a.total || a.code.localeCompare(b.code));
  return { airports, legs, unplaced: [...unplaced].sort() };
}
