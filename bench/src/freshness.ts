import { setTimeout as sleep } from 'node:timers/promises';
import { DEFAULT_RANGE, sumMetric, WEB_METRICS } from '@flights/schemas';
import { connectDashboard } from '@flights/infra/testing';
import { percentile, startLivePipeline, type LivePipelineOptions } from './livePipeline.ts';
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
      Object.assign(figures, await freshnessOf({ delays, publish }, label, rates, stepMs));
    }
  return figures;
}

async function freshnessOf(
  options: LivePipelineOptions,
  label: string,
  rates: readonly number[],
  stepMs: number,
): Promise<Figures> {
  const live = await startLivePipeline(`freshness-${label}`, options);
  const sends: { total: number; at: number }[] = [];
  let total = 0;
  let sample: number[] | undefined;
  let visible = 0;
  const browsers = await Promise.all(
    Array.from({ length: BROWSERS }, (_, i) =>
      connectDashboard(live.webUrl, { range: DEFAULT_RANGE }, (snapshot, receivedAt) => {
        if (i !== 0) return;
        visible = snapshot.totals.flights;
        if (!sample || visible === 0) return;
        // The send that carried the newest counted event.
        const send = sends.find((entry) => entry.total >= visible);
        if (send) sample.push(receivedAt - send.at);
      }),
    ),
  );
  let wholeBytes = 0;
  const whole = await live.connect((snapshot) => {
    wholeBytes += JSON.stringify(snapshot).length;
  });
  const figures: Figures = {};
  try {
    for (const rate of rates) {
      const latencies: number[] = [];
      const rateLabel = rate >= 1000 ? `${rate / 1000}k` : String(rate);
      const started = Date.now();
      let sentInStep = 0;
      let counters: { statements: number; delta: number; whole: number; at: number } | undefined;
      while (Date.now() - started < stepMs) {
        if (!sample && Date.now() - started >= WARM_UP_MS) {
          sample = latencies;
          counters = await countersNow();
        }
        const due = Math.floor((rate * (Date.now() - started)) / 1000) - sentInStep;
        if (due > 0) {
          const at = Date.now();
          await live.send(due);
          sentInStep += due;
          total += due;
          sends.push({ total, at });
        }
        await sleep(20);
      }
      sample = undefined;
      const end = await countersNow();
      const minutes = (end.at - counters!.at) / 60_000;
      const seconds = minutes * 60;
      const achieved = Math.round(sentInStep / (stepMs / 1000));
      const name = `${label}_at_${rateLabel}`;
      Object.assign(figures, {
        [`freshness_${name}_sent_per_s`]: achieved,
        [`freshness_${name}_p50_ms`]: percentile(latencies, 50),
        [`freshness_${name}_p95_ms`]: percentile(latencies, 95),
        [`freshness_${name}_p99_ms`]: percentile(latencies, 99),
        [`freshness_${name}_influx_statements_per_min`]: Math.round((end.statements - counters!.statements) / minutes),
        [`freshness_${name}_delta_bytes_per_s`]: Math.round((end.delta - counters!.delta) / seconds),
        [`freshness_${name}_snapshot_bytes_per_s`]: Math.round((end.whole - counters!.whole) / seconds),
      });
      console.error(
        `${label} at ${rate}/s (sent ${achieved}/s): p50 ${figures[`freshness_${name}_p50_ms`]} ms, p95 ${figures[`freshness_${name}_p95_ms`]} ms over ${latencies.length} states; ${figures[`freshness_${name}_influx_statements_per_min`]} InfluxDB statements/min; one client ${figures[`freshness_${name}_delta_bytes_per_s`]} B/s with deltas, ${figures[`freshness_${name}_snapshot_bytes_per_s`]} B/s with whole snapshots`,
      );
      // Drain before the next rate, so its figures are its own.
      const deadline = Date.now() + 30_000;
      while (visible < total && Date.now() < deadline) await sleep(200);
    }
  } finally {
    for (const browser of browsers) browser.close();
    whole.close();
    await live.stop();
  }
  return figures;

  async function countersNow() {
    const metrics = await live.webMetrics();
    return {
      statements: sumMetric(metrics, WEB_METRICS.influxStatements) ?? 0,
      delta: browsers[0]!.bytes.delta + browsers[0]!.bytes.snapshot,
      whole: wholeBytes,
      at: Date.now(),
    };
  }
}
