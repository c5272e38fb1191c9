/**
 * What the web server pushes to browsers over socket.io. Browser-safe: no
 * Node imports, so the client imports it as `@flights/schemas/dashboard`.
 */
import type { Dimension } from './influx.ts';
import type { Resolution } from './ranges.ts';

export type { Dimension };
export * from './ranges.ts';

export const SOCKET_EVENTS = {
  /** client → server: `{ range: "30d" }` or `{ from, to }` (ISO 8601), answered at once with the current snapshot. */
  subscribe: 'subscribe',
  /** server → client: a DashboardSnapshot, whenever the data changes. */
  snapshot: 'snapshot',
  /** server → client: why a subscription was refused, for the page to show. */
  refused: 'refused',
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
  /** Flights in the period of the same length just before the range. */
  previous: number;
  /**
   * Flights per bucket, aligned with DashboardSnapshot.buckets. Carried by
   * the ten busiest rows of each dimension (every row of short ranges).
   */
  series?: number[];
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
  /** The range's key: "15m", or "<from ISO>/<to ISO>". */
  range: string;
  resolution: Resolution;
  /** Bucket starts (epoch ms), oldest first; when `live`, the last is incomplete. */
  buckets: number[];
  from: number;
  to: number;
  live: boolean;
  generatedAt: number;
  totals: { series: number[]; flights: number; fareSum: number; fareCount: number; previous: number };
  /** Every entity seen in the range, busiest first (ties by key). */
  dimensions: Record<Dimension, EntityRow[]>;
  health: PipelineHealth;
}

/** GET /api/entity?dimension=…&key=…&range=… (or from, to): one entity over a range, for its detail. */
export interface EntityDetailData {
  dimension: Dimension;
  key: string;
  label: string;
  range: string;
  resolution: Resolution;
  buckets: number[];
  live: boolean;
  /** Per bucket, aligned with `buckets`. */
  flights: number[];
  fareSum: number[];
  fareCount: number[];
  /** The entity's own breakdowns (a carrier's itineraries and airports, an airport's carriers …), busiest first. */
  breakdowns: { id: string; title: string; dimension: Dimension; rows: { key: string; label: string; flights: number }[] }[];
}
