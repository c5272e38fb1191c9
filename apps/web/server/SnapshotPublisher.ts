import type { InfluxV1Client } from '@flights/influx';
import type { DashboardSnapshot, DashboardWindow } from '@flights/schemas';
import type { AggregatorStatus } from './aggregatorHealth.ts';
import { buildSnapshot, dashboardQuery, windowMinutes } from './dashboardQuery.ts';

interface Published {
  snapshot: DashboardSnapshot;
  /** The numbers alone: tells a data change from a new minute or a health change. */
  dataSignature: string;
  signature: string;
}

/**
 * One InfluxDB query per window per tick, whatever the number of browsers;
 * a snapshot is pushed only when its numbers changed. A browser that
 * connects gets the latest snapshot at once.
 */
export class SnapshotPublisher {
  private readonly latest = new Map<DashboardWindow, Published>();
  private readonly active = new Set<DashboardWindow>();
  private dataChangedAt: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  lastError: string | undefined;

  constructor(
    private readonly influx: InfluxV1Client,
    private readonly aggregatorStatus: () => AggregatorStatus,
    private readonly publish: (window: DashboardWindow, snapshot: DashboardSnapshot) => void,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.active.add('15m');
    const loop = async () => {
      await this.tick();
      this.timer = setTimeout(loop, this.intervalMs);
    };
    void loop();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** The current snapshot of a window, computed now if nobody watched it yet. */
  async current(window: DashboardWindow): Promise<DashboardSnapshot> {
    this.active.add(window);
    return this.latest.get(window)?.snapshot ?? (await this.refresh(window)).snapshot;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      for (const window of this.active) {
        const previous = this.latest.get(window);
        const next = await this.refresh(window);
        if (next.signature !== previous?.signature) this.publish(window, next.snapshot);
      }
      this.lastError = undefined;
    } catch (error) {
      this.lastError = (error as Error).message;
    } finally {
      this.ticking = false;
    }
  }

  private async refresh(window: DashboardWindow): Promise<Published> {
    const now = Date.now();
    const minutes = windowMinutes(window, now);
    const series = await this.influx.query(dashboardQuery(minutes));
    const status = this.aggregatorStatus();
    const draft = buildSnapshot(series, window, minutes, { ...status, dataChangedAt: null }, now);
    const dataSignature = JSON.stringify([draft.totals, draft.dimensions]);
    const previous = this.latest.get(window);
    if (!previous || previous.dataSignature !== dataSignature) {
      if (previous || draft.totals.flights > 0) this.dataChangedAt = now;
    }
    const snapshot = { ...draft, health: { ...draft.health, dataChangedAt: this.dataChangedAt } };
    const published = { snapshot, dataSignature, signature: JSON.stringify([minutes, dataSignature, status]) };
    this.latest.set(window, published);
    return published;
  }
}
