import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'socket.io-client';
import { DEFAULT_RANGE, sumMetric, WEB_METRICS } from '@flights/schemas';
import { connectDashboard, type DashboardClient } from '@flights/infra/testing';
import { percentile, startLivePipeline, type LivePipeline, type LivePipelineOptions } from './livePipeline.ts';
import type { Figures } from './results.ts';

const WARM_UP_MS = 3000;
/** Browsers on the default view while measuring, as in the live-push issue: three. */
const BROWSERS = 3;

/**
 * Send → visible, side by side in one run: the live edge pushed from the
 * aggregators (the minutes topic) and polled from InfluxDB (LIVE_PUBLISH_MS=0,
 * the design before it), each on fare events and on events with delays (an
 * on-time file's fields). Events go into Kafka at a steady rate; three
 * dashboard clients (the browser's protocol, in Node, taking deltas) and one
 * taking whole snapshots record when the newest sent event becomes visible.
 * Also: InfluxDB statements per minute from the web server, and the bytes
 * per second one client receives, deltas against whole snapshots.
 */
export async function freshness(rates: readonly number[], stepMs: number): Promise<Figures> {
  const figures: Figures = {};
  for (const delays of [false, true])
    for (const publish of [true, false]) {
      const label = `${publish ? 'pushed' : 'polled'}_${delays ? 'ontime' : 'fares'}`;
      const run = await FreshnessRun.start({ delays, publish }, label);
      try {
        for (const rate of rates) Object.assign(figures, await run.step(rate, stepMs));
      } finally {
        await run.stop();
      }
    }
  return figures;
}

/** What the counters said at a moment: the web server's statements and the bytes the clients received. */
interface Counters {
  statements: number;
  delta: number;
  whole: number;
  at: number;
}

/** One pipeline under measurement: what was sent when, what the first client shows, what every client received. */
class FreshnessRun {
  private readonly sends: { total: number; at: number }[] = [];
  private total = 0;
  private visible = 0;
  /** Latencies of the step being measured (undefined while warming up). */
  private sample: number[] | undefined;
  private browsers: DashboardClient[] = [];
  private whole: Socket | undefined;
  private wholeBytes = 0;

  private readonly live: LivePipeline;
  private readonly label: string;

  private constructor(live: LivePipeline, label: string) {
    this.live = live;
    this.label = label;
  }

  static async start(options: LivePipelineOptions, label: string): Promise<FreshnessRun> {
    const run = new FreshnessRun(await startLivePipeline(`freshness-${label}`, options), label);
    run.browsers = await Promise.all(
      Array.from({ length: BROWSERS }, (_, i) =>
        connectDashboard(run.live.webUrl, { range: DEFAULT_RANGE }, (snapshot, receivedAt) => {
          if (i === 0) run.seen(snapshot.totals.flights, receivedAt);
        }),
      ),
    );
    run.whole = await run.live.connect((snapshot) => {
      run.wholeBytes += JSON.stringify(snapshot).length;
    });
    return run;
  }

  /** The first client now shows `visible` flights: the latency of the send that carried the newest of them. */
  private seen(visible: number, receivedAt: number): void {
    this.visible = visible;
    if (!this.sample || visible === 0) return;
    const send = this.sends.find((entry) => entry.total >= visible);
    if (send) this.sample.push(receivedAt - send.at);
  }

  /** Sends at `rate` for `stepMs` and returns the step's figures; then waits until everything sent is shown. */
  async step(rate: number, stepMs: number): Promise<Figures> {
    const latencies: number[] = [];
    const started = Date.now();
    let sentInStep = 0;
    let counters: Counters | undefined;
    while (Date.now() - started < stepMs) {
      if (!this.sample && Date.now() - started >= WARM_UP_MS) {
        this.sample = latencies;
        counters = await this.counters();
      }
      const due = Math.floor((rate * (Date.now() - started)) / 1000) - sentInStep;
      if (due > 0) {
        const at = Date.now();
        await this.live.send(due);
        sentInStep += due;
        this.total += due;
        this.sends.push({ total: this.total, at });
      }
      await sleep(20);
    }
    this.sample = undefined;
    const figures = this.figures(
      rate,
      Math.round(sentInStep / (stepMs / 1000)),
      latencies,
      counters!,
      await this.counters(),
    );
    // Drain before the next rate, so its figures are its own.
    const deadline = Date.now() + 30_000;
    while (this.visible < this.total && Date.now() < deadline) await sleep(200);
    return figures;
  }

  private figures(rate: number, achieved: number, latencies: number[], from: Counters, to: Counters): Figures {
    const minutes = (to.at - from.at) / 60_000;
    const name = `${this.label}_at_${rate >= 1000 ? `${rate / 1000}k` : String(rate)}`;
    const figures = {
      [`freshness_${name}_sent_per_s`]: achieved,
      [`freshness_${name}_p50_ms`]: percentile(latencies, 50),
      [`freshness_${name}_p95_ms`]: percentile(latencies, 95),
      [`freshness_${name}_p99_ms`]: percentile(latencies, 99),
      [`freshness_${name}_influx_statements_per_min`]: Math.round((to.statements - from.statements) / minutes),
      [`freshness_${name}_delta_bytes_per_s`]: Math.round((to.delta - from.delta) / (minutes * 60)),
      [`freshness_${name}_snapshot_bytes_per_s`]: Math.round((to.whole - from.whole) / (minutes * 60)),
    };
    const f = (suffix: string) => figures[`freshness_${name}_${suffix}`];
    console.error(
      `${this.label} at ${rate}/s (sent ${achieved}/s): p50 ${f('p50_ms')} ms, p95 ${f('p95_ms')} ms over ${latencies.length} states; ${f('influx_statements_per_min')} InfluxDB statements/min; one client ${f('delta_bytes_per_s')} B/s with deltas, ${f('snapshot_bytes_per_s')} B/s with whole snapshots`,
    );
    return figures;
  }

  private async counters(): Promise<Counters> {
    const metrics = await this.live.webMetrics();
    const first = this.browsers[0]!;
    return {
      statements: sumMetric(metrics, WEB_METRICS.influxStatements) ?? 0,
      delta: first.bytes.delta + first.bytes.snapshot,
      whole: this.wholeBytes,
      at: Date.now(),
    };
  }

  async stop(): Promise<void> {
    for (const browser of this.browsers) browser.close();
    this.whole?.close();
    await this.live.stop();
  }
}
