import { DEFAULT_RANGE, parseRangeParams, type Dimension, type RangeRequest } from '@flights/schemas/dashboard';

export interface WatchItem {
  dimension: Dimension;
  key: string;
}

export const DIMENSION_NAMES: Record<Dimension, string> = {
  carrier: 'Carrier',
  departure: 'Departures from',
  arrival: 'Arrivals at',
  route: 'City pair',
  itinerary: 'Itinerary',
  leg: 'Leg',
  hub: 'Connecting at',
  stops: 'Stops',
};

/** The seed's three: IndiGo flights, New Delhi departures, Bangalore arrivals. */
export const DEFAULT_WATCH: WatchItem[] = [
  { dimension: 'carrier', key: 'IndiGo' },
  { dimension: 'departure', key: 'DEL' },
  { dimension: 'arrival', key: 'BLR' },
];

/**
 * The default watch list for the data on the page: each default item that
 * the data has, else the busiest entity of its dimension (an on-time file
 * has no IndiGo); the defaults as they are before any data.
 */
export function defaultWatch(snapshot: { dimensions: Record<Dimension, { key: string }[]> } | null): WatchItem[] {
  if (!snapshot) return DEFAULT_WATCH;
  return DEFAULT_WATCH.map((item) => {
    const rows = snapshot.dimensions[item.dimension];
    if (rows.length === 0 || rows.some((row) => row.key === item.key)) return item;
    return { dimension: item.dimension, key: rows[0]!.key };
  });
}

const DIMENSIONS = Object.keys(DIMENSION_NAMES) as Dimension[];

export interface UrlState {
  /** The time range, or why the URL's range cannot be shown. */
  range: { ok: true; request: RangeRequest } | { ok: false; message: string };
  /** null: no `watch` in the URL, so the page picks the default for its data (see defaultWatch). */
  watch: WatchItem[] | null;
  /** The map's selected airport (IATA), shown in the detail beside it. */
  airport: string | null;
  /** The entity whose detail is open. */
  entity: WatchItem | null;
}

function parseItem(item: string): WatchItem | null {
  const at = item.indexOf(':');
  const parsed = { dimension: item.slice(0, at) as Dimension, key: item.slice(at + 1) };
  return DIMENSIONS.includes(parsed.dimension) && parsed.key.length > 0 && parsed.key.length <= 100 ? parsed : null;
}

/** `?range=30d&watch=carrier:IndiGo,departure:DEL&entity=carrier:IndiGo`: a view anyone can open from a link. */
export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const rawAirport = params.get('airport');
  const airport = rawAirport && /^[A-Z]{3}$/.test(rawAirport) ? rawAirport : null;
  const rawEntity = params.get('entity');
  const entity = rawEntity ? parseItem(rawEntity) : null;
  const rawWatch = params.get('watch');
  const watch =
    rawWatch === null
      ? null
      : rawWatch
          .split(',')
          .map(parseItem)
          .filter((item): item is WatchItem => item !== null);
  return { range: parseRangeParams(params), watch, airport, entity };
}

export function writeUrlState({
  range,
  watch,
  airport,
  entity,
}: Omit<UrlState, 'range' | 'watch'> & { range: RangeRequest; watch: WatchItem[] }): string {
  const params = new URLSearchParams();
  if (range.kind === 'absolute') {
    params.set('from', new Date(range.from).toISOString());
    params.set('to', new Date(range.to).toISOString());
  } else if (range.range !== DEFAULT_RANGE) params.set('range', range.range);
  if (airport) params.set('airport', airport);
  if (entity) params.set('entity', `${entity.dimension}:${entity.key}`);
  params.set('watch', watch.map((item) => `${item.dimension}:${item.key}`).join(','));
  return `?${params.toString()}`;
}
