import { quoteIdent, type InfluxV1Client } from '@flights/influx';
import { FIELDS, INFLUX_RETENTION_POLICY, MEASUREMENTS, MINUTE_MS, STREAM_CONDITIONS } from '@flights/schemas';
import type { WebMetrics } from '../webMetrics.ts';
import { LiveMinutes } from './LiveMinutes.ts';

/** How often the live edge is compared with InfluxDB. */
const EVERY_MS = 60_000;
/** Minutes newer than this may still change (ALLOWED_LATENESS_MS, 2 min by default, plus a write): not compared. */
const SETTLED_MS = 4 * MINUTE_MS;

export interface ReconcileOptions {
  influx: InfluxV1Client;
  edge: LiveMinutes;
  isLive: () => boolean;
  metrics: WebMetrics;
  log: (line: string) => void;
}

/** The minutes whose flights differ between the live edge and InfluxDB, in time order. */
export function differences(
  edge: ReadonlyMap<number, number>,
  influx: ReadonlyMap<number, number>,
): { minute: number; edge: number; influx: number }[] {
  const minutes = [...new Set([...edge.keys(), ...influx.keys()])].sort((a, b) => a - b);
  return minutes
    .map((minute) => ({ minute, edge: edge.get(minute) ?? 0, influx: influx.get(minute) ?? 0 }))
    .filter((d) => d.edge !== d.influx);
}

/**
 * A slow cross-check of the live edge against the store of record: once a
 * minute, the total's flights per settled minute of the window, one small
 * statement. A difference is logged and counted
 * (web_minutes_reconcile_differences_total); it should stay at zero.
 */
export class Reconcile {
  private timer: NodeJS.Timeout | undefined;
  private readonly options: ReconcileOptions;

  constructor(options: ReconcileOptions) {
    this.options = options;
  }

  start(): void {
    this.timer = setInterval(() => void this.once().catch(() => undefined), EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Compares once; the differences found (none while the stream is not live). */
  async once(now = Date.now()): Promise<number> {
    const { influx, edge, isLive, metrics, log } = this.options;
    if (!isLive()) return 0;
    const from = LiveMinutes.windowStart(now) + MINUTE_MS;
    const to = Math.floor((now - SETTLED_MS) / MINUTE_MS) * MINUTE_MS;
    const source = `${quoteIdent(INFLUX_RETENTION_POLICY.name)}.${quoteIdent(MEASUREMENTS.total)}`;
    const series = await influx.query(
      `SELECT sum(${FIELDS.flights}) AS flights FROM ${source} WHERE time >= ${from}ms AND time < ${to}ms AND ${STREAM_CONDITIONS.notHistory} GROUP BY time(1m) fill(none)`,
    );
    if (!isLive()) return 0;
    const stored = new Map(
      series.flatMap((s) => s.rows.map((row) => [Number(row.time), Number(row.flights)] as const)),
    );
    const found = differences(edge.totalFlights(MEASUREMENTS.total, from, to), stored);
    if (found.length) {
      metrics.reconcileDifferences.inc(found.length);
      const shown = found
        .slice(0, 3)
        .map((d) => `${new Date(d.minute).toISOString()}: ${d.edge} live, ${d.influx} in InfluxDB`)
        .join('; ');
      log(`[web] the live edge differs from InfluxDB in ${found.length} settled minute(s): ${shown}`);
    }
    return found.length;
  }
}
