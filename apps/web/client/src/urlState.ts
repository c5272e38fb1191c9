import { DASHBOARD_WINDOWS, DEFAULT_WINDOW, type DashboardWindow, type Dimension } from '@flights/schemas/dashboard';

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

const DIMENSIONS = Object.keys(DIMENSION_NAMES) as Dimension[];

/** `?window=15m&watch=carrier:IndiGo,departure:DEL`: a view anyone can open from a link. */
export interface UrlState {
  window: DashboardWindow;
  watch: WatchItem[];
  /** The map's selected airport (IATA), shown in the detail beside it. */
  airport: string | null;
}

export function readUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const rawWindow = params.get('window');
  const window = rawWindow && rawWindow in DASHBOARD_WINDOWS ? (rawWindow as DashboardWindow) : DEFAULT_WINDOW;
  const rawAirport = params.get('airport');
  const airport = rawAirport && /^[A-Z]{3}$/.test(rawAirport) ? rawAirport : null;
  const rawWatch = params.get('watch');
  if (rawWatch === null) return { window, watch: DEFAULT_WATCH, airport };
  const watch = rawWatch
    .split(',')
    .map((item) => {
      const at = item.indexOf(':');
      return { dimension: item.slice(0, at) as Dimension, key: item.slice(at + 1) };
    })
    .filter((item) => DIMENSIONS.includes(item.dimension) && item.key.length > 0 && item.key.length <= 100);
  return { window, watch, airport };
}

export function writeUrlState({ window, watch, airport }: UrlState): string {
  const params = new URLSearchParams();
  if (window !== DEFAULT_WINDOW) params.set('window', window);
  if (airport) params.set('airport', airport);
  params.set('watch', watch.map((item) => `${item.dimension}:${item.key}`).join(','));
  return `?${params.toString()}`;
}
