import { DASHBOARD_WINDOWS, DEFAULT_WINDOW, type DashboardWindow, type Dimension } from '@flights/schemas/dashboard';

export interface WatchItem {
  dimension: Dimension;
  key: string;
}

export const DIMENSION_NAMES: Record<Dimension, string> = {
  carrier: 'Carrier',
  departure: 'Departures from',
  arrival: 'Arrivals at',
  route: 'Route',
};

/** The seed's three: IndiGo flights, New Delhi departures, Bangalore arrivals. */
export const DEFAULT_WATCH: WatchItem[] = [
  { dimension: 'carrier', key: 'IndiGo' },
  { dimension: 'departure', key: 'DEL' },
  { dimension: 'arrival', key: 'BLR' },
];

const DIMENSIONS = Object.keys(DIMENSION_NAMES) as Dimension[];

/** `?window=15m&watch=carrier:IndiGo,departure:DEL`: a view anyone can open from a link. */
export function readUrlState(search: string): { window: DashboardWindow; watch: WatchItem[] } {
  const params = new URLSearchParams(search);
  const rawWindow = params.get('window');
  const window = rawWindow && rawWindow in DASHBOARD_WINDOWS ? (rawWindow as DashboardWindow) : DEFAULT_WINDOW;
  const rawWatch = params.get('watch');
  if (rawWatch === null) return { window, watch: DEFAULT_WATCH };
  const watch = rawWatch
    .split(',')
    .map((item) => {
      const at = item.indexOf(':');
      return { dimension: item.slice(0, at) as Dimension, key: item.slice(at + 1) };
    })
    .filter((item) => DIMENSIONS.includes(item.dimension) && item.key.length > 0 && item.key.length <= 100);
  return { window, watch };
}

export function writeUrlState(window: DashboardWindow, watch: WatchItem[]): string {
  const params = new URLSearchParams();
  if (window !== DEFAULT_WINDOW) params.set('window', window);
  params.set('watch', watch.map((item) => `${item.dimension}:${item.key}`).join(','));
  return `?${params.toString()}`;
}
