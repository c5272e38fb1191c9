import type { InfluxV1Client } from '@flights/influx';
import { DEFAULT_RANGE, RELATIVE_RANGES, rangeKey, type DashboardSnapshot, type RangeRequest } from '@flights/schemas';
import type { AggregatorStatus } from './aggregatorHealth.ts';
import { ConcurrencyLimit } from './limits/ConcurrencyLimit.ts';
import { LiveMinutes } from './live/LiveMinutes.ts';
import { KeptHours } from './snapshot/keptHours/KeptHours.ts';
import { DelayFieldsProbe } from './snapshot/delayFields.ts';
import { latestWrites } from './snapshot/latestWrites.ts';
import { loadSnapshot } from './snapshot/loadSnapshot.ts';
import { createWebMetrics, rangeLabel, type WebMetrics } from './webMetrics.ts';

interface Published {
  snapshot: DashboardSnapshot;
  /** The numbers alone: tells a data change from a new bucket or a health change. */
  dataSignature: string;
  signature: string;
}

interface RangeState {
  request: RangeRequest;
  published?: Published;
  refreshedAt: number;
  /** A refresh is running: a range has at most one at a time. */
  refreshing: boolean;
  /** New data was written since the running refresh read: refresh again when it ends. */
  stale: boolean;
  /** How long the last refresh took: a slow range is not re-read back to back (see tick). */
  lastBuildMs: number;
  /** The first build, while it runs: browsers that ask for the same new range wait for the same build. */
  firstBuild?: Promise<Published>;
}

/** A range that has ended is computed once; one still running is re-read like a long relative range. */
const ENDED_RANGE_REFRESH_MS = Number.POSITIVE_INFINITY;
const RUNNING_ABSOLUTE_REFRESH_MS = 15_000;
/** Ended absolute ranges kept for reuse when nobody watches them any more. */
const CACHED_ABSOLUTE_RANGES = 20;

/** A range is re-read no sooner than this many times its last build took, counted from that build's start. */
const SLOW_BUILD_DUTY = 2;

/** How often the newest minutes are probed for new writes, and the publisher's clock. */
const PROBE_MS = 100;

/** The live edge from the minutes topic (MinutesFeed into LiveMinutes), and whether it can be trusted now. */
export interface LiveEdge {
  edge: LiveMinutes;
  isLive(): boolean;
}

/**
 * One pair of InfluxDB requests per watched range per refresh, whatever the
 * number of browsers on it; a snapshot is pushed only when it changed. A
 * browser that subscribes gets the latest snapshot at once. Relative ranges
 * are re-read at their own pace (every second up to an hour, every 15 s for
 * 30 days); an absolute range that has ended is computed once and cached.
 * Live ranges by the minute are also re-read as soon as the live edge
 * changes: with the minutes stream live, their live part is answered from
 * memory (LiveMinutes) and nothing is asked of InfluxDB for it; while it is
 * stale, a probe of InfluxDB for new writes (ten a second) stands in. Each
 * range refreshes on its own: a slow 30-day build never holds up the 15 minutes.
 */
export class SnapshotPublisher {
  private readonly ranges = new Map<string, RangeState>();
  private dataChangedAt: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private probing = false;
  private lastWrites: string | undefined;
  private lastEdge = { version: -1, live: false };
  /** Hours shared by every hourly range: the 24 hours, 7 and 30 days read the same days. */
  private readonly keptHours: KeptHours;
  private readonly delayFields: DelayFieldsProbe;
  lastError: string | undefined;

  private readonly influx: InfluxV1Client;
  private readonly aggregatorStatus: () => AggregatorStatus;
  private readonly publish: (key: string, snapshot: DashboardSnapshot) => void;
  /** How many browsers watch a range; ranges nobody watches stop being refreshed. */
  private readonly watchers: (key: string) => number;
  private readonly metrics: WebMetrics;
  private readonly tickMs: number;
  /** First builds of ranges asked for by browsers; default 2 at once, 16 waiting. */
  private readonly firstBuilds: ConcurrencyLimit;
  /** The live edge from the minutes topic; absent: the live part is read from InfluxDB (the probe). */
  private readonly live: LiveEdge | undefined;

  constructor(
    influx: InfluxV1Client,
    aggregatorStatus: () => AggregatorStatus,
    publish: (key: string, snapshot: DashboardSnapshot) => void,
    watchers: (key: string) => number,
    metrics: WebMetrics = createWebMetrics(),
    tickMs = PROBE_MS,
    firstBuilds = new ConcurrencyLimit('new ranges', { running: 2, waiting: 16 }),
    live?: LiveEdge,
  ) {
    this.live = live;
    this.influx = influx;
    this.aggregatorStatus = aggregatorStatus;
    this.publish = publish;
    this.watchers = watchers;
    this.metrics = metrics;
    this.tickMs = tickMs;
    this.firstBuilds = firstBuilds;
    this.keptHours = new KeptHours(influx, live?.edge);
    // The live edge knows at once when on-time data starts flowing; the field index is asked every 10 s.
    this.delayFields = new DelayFieldsProbe(influx, () => (live?.isLive() ?? false) && live!.edge.hasDelays);
  }

  start(): void {
    this.watch({ kind: 'relative', range: DEFAULT_RANGE });
    // A steady cadence: the time a tick takes is not added to the wait for the next one.
    const loop = async () => {
      const started = Date.now();
      await this.tick();
      this.timer = setTimeout(loop, Math.max(0, this.tickMs - (Date.now() - started)));
    };
    void loop();
  }

  stop(): void {
    clearTimeout(this.timer);
  }

  /** Starts refreshing a range; returns its key (the socket.io room). */
  watch(request: RangeRequest): string {
    const key = rangeKey(request);
    if (!this.ranges.has(key))
      this.ranges.set(key, { request, refreshedAt: 0, refreshing: false, stale: false, lastBuildMs: 0 });
    return key;
  }

  /**
   * The current snapshot of a range, computed now if nobody watched it yet.
   * Those first builds are the work a client decides: they run through
   * `firstBuilds`, which refuses (BusyError) when too many wait.
   */
  async current(request: RangeRequest): Promise<DashboardSnapshot> {
    const state = this.ranges.get(this.watch(request))!;
    if (state.published) return state.published.snapshot;
    state.firstBuild ??= this.firstBuilds.run(() => this.refresh(state)).finally(() => (state.firstBuild = undefined));
    return (await state.firstBuild).snapshot;
  }

  private refreshEvery(state: RangeState, now: number): number {
    if (state.request.kind === 'relative') return RELATIVE_RANGES[state.request.range].refreshMs;
    return state.request.to > now ? RUNNING_ABSOLUTE_REFRESH_MS : ENDED_RANGE_REFRESH_MS;
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    this.forgetUnwatched();
    const { written, switched } = await this.liveNews(now);
    for (const state of this.ranges.values()) {
      if (switched || (written && isLiveByTheMinute(state.request))) state.stale = true;
      // Half a tick of slack: a range refreshed every second must not wait a whole extra tick over timer jitter.
      const since = now - state.refreshedAt;
      const due = since >= this.refreshEvery(state, now) - this.tickMs / 2;
      // A build that takes longer than the range's period (hundreds of entities with delays) runs at most
      // half the time: back to back, the live ranges kept InfluxDB so busy that a new range took 10 s.
      const rested = since >= SLOW_BUILD_DUTY * state.lastBuildMs;
      if (state.refreshing || !rested || !(due || state.stale)) continue;
      void this.refreshAndPublish(state);
    }
  }

  /**
   * Whether the newest minutes changed since the last tick (`written`), and
   * whether the minutes stream turned live or stale (`switched`: every range
   * is re-read then, to change where its live part comes from).
   */
  private async liveNews(now: number): Promise<{ written: boolean; switched: boolean }> {
    const live = this.live?.isLive() ?? false;
    const version = this.live?.edge.version ?? -1;
    const switched = live !== this.lastEdge.live;
    const changed = version !== this.lastEdge.version;
    this.lastEdge = { version, live };
    return { written: live ? changed : await this.probeWrites(now), switched };
  }

  /** True when the newest minutes changed since the last probe; a failed probe is no news (the ranges' own cadence goes on). */
  private async probeWrites(now: number): Promise<boolean> {
    if (this.probing) return false;
    this.probing = true;
    try {
      const timer = this.metrics.probeSeconds.startTimer();
      const writes = await latestWrites(this.influx, now);
      timer();
      const changed = this.lastWrites !== undefined && writes !== this.lastWrites;
      this.lastWrites = writes;
      return changed;
    } catch {
      return false;
    } finally {
      this.probing = false;
    }
  }

  private async refreshAndPublish(state: RangeState): Promise<void> {
    state.refreshing = true;
    state.stale = false;
    try {
      const previous = state.published;
      const next = await this.refresh(state);
      if (next.signature !== previous?.signature) {
        this.publish(rangeKey(state.request), next.snapshot);
        this.metrics.pushes.inc({ range: rangeLabel(state.request) });
      }
      this.lastError = undefined;
    } catch (error) {
      this.metrics.refreshFailures.inc();
      this.lastError = (error as Error).message;
    } finally {
      state.refreshing = false;
    }
  }

  private forgetUnwatched(): void {
    const ended: string[] = [];
    for (const [key, state] of this.ranges) {
      if (key === DEFAULT_RANGE || this.watchers(key) > 0) continue;
      if (state.request.kind === 'absolute' && state.request.to <= Date.now()) ended.push(key);
      else this.ranges.delete(key);
    }
    for (const key of ended.slice(0, Math.max(0, ended.length - CACHED_ABSOLUTE_RANGES))) this.ranges.delete(key);
  }

  private async refresh(state: RangeState): Promise<Published> {
    const now = Date.now();
    // The refresh counts from when it started, not from when InfluxDB answered.
    state.refreshedAt = now;
    const live = this.live?.isLive() ?? false;
    const minutesStream = {
      state: live ? ('live' as const) : this.live ? ('stale' as const) : ('off' as const),
      asOf: this.live?.edge.newestAt || null,
    };
    const status = { ...this.aggregatorStatus(), minutesStream };
    const timer = this.metrics.snapshotSeconds.startTimer({ range: rangeLabel(state.request) });
    const draft = await loadSnapshot(
      this.influx,
      state.request,
      { ...status, dataChangedAt: null },
      now,
      this.keptHours,
      this.delayFields,
      live ? LiveMinutes.windowStart(now) : undefined,
    );
    state.lastBuildMs = timer() * 1000;
    this.metrics.keptDays.set(this.keptHours.closed.size);
    this.metrics.keptWarming.set(this.keptHours.isWarming ? 1 : 0);
    const dataSignature = JSON.stringify([draft.totals, draft.dimensions]);
    const previous = state.published;
    if (!previous || previous.dataSignature !== dataSignature) {
      if (previous || draft.totals.flights > 0) this.dataChangedAt = now;
    }
    const signature = JSON.stringify([draft.buckets, dataSignature, { ...status, minutesStream: minutesStream.state }]);
    // A version per change: a delta names the version it applies to.
    const seq = (previous?.snapshot.seq ?? 0) + (signature === previous?.signature ? 0 : 1);
    const snapshot = { ...draft, seq, health: { ...draft.health, dataChangedAt: this.dataChangedAt } };
    const published = { snapshot, dataSignature, signature };
    state.published = published;
    return published;
  }
}

/** Relative ranges read by the minute: the ones a new write changes visibly within seconds. */
function isLiveByTheMinute(request: RangeRequest): boolean {
  return request.kind === 'relative' && RELATIVE_RANGES[request.range].resolution === 'minute';
}
