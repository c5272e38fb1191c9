/**
 * What the web server pushes to browsers over socket.io. Browser-safe: no
 * Node imports, so the client imports it as `@flights/schemas/dashboard`.
 */
import type { Dimension } from './influx.ts';

export type { Dimension };

export const DASHBOARD_WINDOWS = { '5m': 5, '15m': 15, '1h': 60 } as const;
export type DashboardWindow = keyof typeof DASHBOARD_WINDOWS;
export const DEFAULT_WINDOW: DashboardWindow = '15m';

export const SOCKET_EVENTS = {
  /** client → server: `{ window }`, answered at once with the current snapshot. */
  subscribe: 'subscribe',
  /** server → client: a DashboardSnapshot, whenever the data changes. */
  snapshot: 'snapshot',
} as const;

export interface EntityRow {
  /** The tag value as stored: carrier name, IATA code, "DEL-COK". */
  key: string;
  /** For display: "DEL · Delhi", "DEL → COK". */
  label: string;
  flights: number;
  fareSum: number;
  fareCount: number;
  /** Itineraries only: scheduled minutes summed, so durationSum / flights is the exact average. */
  durationSum?: number;
  /** Flights per minute, aligned with DashboardSnapshot.minutes. */
  perMinute: number[];
}

export interface PipelineHealth {
  /** When the numbers last changed (server clock, epoch ms); null before any data. */
  dataChangedAt: number | null;
  aggregatorUp: boolean;
  lagMessages: number | null;
  late: number | null;
  invalid: number | null;
}

export interface DashboardSnapshot {
  window: DashboardWindow;
  generatedAt: number;
  /** Minute starts (epoch ms), oldest first. */
  minutes: number[];
  totals: { perMinute: number[]; flights: number; fareSum: number; fareCount: number };
  /** Every entity seen in the window, busiest first (ties by key). */
  dimensions: Record<Dimension, EntityRow[]>;
  health: PipelineHealth;
}
