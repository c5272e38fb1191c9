/**
 * What the web server pushes to browsers over socket.io. Browser-safe: no
 * Node imports, so the client imports it as `@flights/schemas/dashboard`.
 */
import type { Dimension } from './influx.ts';
import type { Resolution } from './ranges.ts';

export type { Dimension };
export * from './ranges.ts';

export const SOCKET_EVENTS = {
  /**
   * client → server: `{ range: "30d" }` or `{ from, to }` (ISO 8601), answered at once with the current
   * snapshot; with `deltas: true` the changes that follow come as deltas.
   */
  subscribe: 'subscribe',
  /** server → client: a DashboardSnapshot, whenever the data changes. */
  snapshot: 'snapshot',
  /** server → client: why a subscription was refused, for the page to show. */
  refused: 'refused',
  /**
   * server → client, to a client that subscribed with `deltas: true`: a
   * SnapshotDelta against the snapshot or delta before, which the client
   * acknowledges (the socket.io ack); until it does, nothing more is sent,
   * and a client that fell behind gets a fresh snapshot instead of a queue.
   */
  delta: 'delta',
  /** server → client, on connect and whenever it changes: the FiringAlert list (docs/alerts.md). */
  alerts: 'alerts',
} as const;

/** An alert firing now, as the dashboard's alert bar and GET /api/alerts show it. */
export interface FiringAlert {
  rule: string;
  metric: string;
  /** The rule's dimension, null for the whole traffic. */
  dimension: string | null;
  entity: string | null;
  value: number | null;
  /** Epoch ms: when the condition started to hold, and when the alert fired (after the rule's `for`). */
  startsAt: number;
  firingAt: number;
}

/**
 * Delays and cancellations summed over a range (on-time files only): sums
 * and counts, so every average and share is exact. Field names follow the
 * InfluxDB fields (FIELDS.depDelaySum …).
 */
export interface DelayTotals {
  depDelaySum: number;
  depDelayCount: number;
  depDelayed15: number;
  arrDelaySum: number;
  arrDelayCount: number;
  arrDelayed15: number;
  cancelled: number;
}

export const DELAY_KEYS = [
  'depDelaySum',
  'depDelayCount',
  'depDelayed15',
  'arrDelaySum',
  'arrDelayCount',
  'arrDelayed15',
  'cancelled',
] as const satisfies readonly (keyof DelayTotals)[];

export const emptyDelays = (): DelayTotals => ({
  depDelaySum: 0,
  depDelayCount: 0,
  depDelayed15: 0,
  arrDelaySum: 0,
  arrDelayCount: 0,
  arrDelayed15: 0,
  cancelled: 0,
});

/**
 * Minutes of arrival delay per cause summed over a range, and the flights
 * they come from (files that give causes: BTS, the 2015 Kaggle file). Field
 * names follow the InfluxDB fields (FIELDS.carrierDelaySum …).
 */
export interface CauseTotals {
  causeCount: number;
  carrierDelaySum: number;
  weatherDelaySum: number;
  nasDelaySum: number;
  securityDelaySum: number;
  lateAircraftDelaySum: number;
}

/** The cause sums, in the order the dashboard shows them (BTS's order). */
export const CAUSE_KEYS = [
  'causeCount',
  'carrierDelaySum',
  'weatherDelaySum',
  'nasDelaySum',
  'securityDelaySum',
  'lateAircraftDelaySum',
] as const satisfies readonly (keyof CauseTotals)[];

export const emptyCauses = (): CauseTotals => ({
  causeCount: 0,
  carrierDelaySum: 0,
  weatherDelaySum: 0,
  nasDelaySum: 0,
  securityDelaySum: 0,
  lateAircraftDelaySum: 0,
});

/** Whether a range's data says anything about delays or cancellations (the fare file does not). */
export const hasDelays = (delays: DelayTotals | undefined): delays is DelayTotals =>
  delays !== undefined && (delays.depDelayCount > 0 || delays.arrDelayCount > 0 || delays.cancelled > 0);

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
  /** Present when the entity's flights carry delays or cancellations. */
  delays?: DelayTotals;
  /** The period before the range: arrivals with a known delay and those 15+ minutes late (present when known > 0). */
  previousArrivals?: { known: number; late: number };
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
  /**
   * The minutes stream (the aggregators' open minutes, pushed through Kafka):
   * `live` when the web server reads it and answers the live edge from it;
   * `stale` when it cannot (Kafka or the topic gone), and the live edge is
   * read from InfluxDB meanwhile; `off` when this web server does not read it.
   * `asOf` is the publish time of the newest minute record taken (epoch ms).
   */
  minutesStream?: { state: 'live' | 'stale' | 'off'; asOf: number | null };
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
  /** The range's version on this server: a delta (SOCKET_EVENTS.delta) names the one it applies to. */
  seq?: number;
  totals: {
    series: number[];
    flights: number;
    fareSum: number;
    fareCount: number;
    previous: number;
    delays?: DelayTotals;
    /** Present when the range's flights carry causes of delay. */
    causes?: CauseTotals;
    /**
     * Arrivals with a known delay and those 15+ minutes late, per bucket (aligned with `buckets`): what the
     * on-time share by hour of day is folded from. Present when the range's flights carry delays.
     */
    arrivals?: { known: number[]; late: number[] };
  };
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
  /**
   * What is usual for each bucket: the entity's mean flights for that hour of the week over the four weeks before,
   * and one standard deviation (a sixtieth of the hour's for minute buckets). Absent with under two weeks of history.
   */
  usual?: { mean: number[]; spread: number[] };
  /** The entity's own breakdowns (a carrier's itineraries and airports, an airport's carriers …), busiest first. */
  breakdowns: {
    id: string;
    title: string;
    dimension: Dimension;
    rows: { key: string; label: string; flights: number }[];
  }[];
}
