import { setTimeout as sleep } from 'node:timers/promises';
import { percentile, startLivePipeline } from './livePipeline.ts';
import type { Figures } from './results.ts';

const WARM_UP_MS = 3000;

/**
 * Send → visible: events go into Kafka at a steady rate; a socket.io client
 * (the browser's protocol, in Node) records, for every snapshot it gets, how
 * long ago the newest event it counts was sent.
 */
export async function freshness(rates: readonly number[], stepMs: number): Promise<Figures> {
  const live = await startLivePipeline('freshness');
  const sends: { total: number; at: number }[] = [];
  let total = 0;
  let sample: number[] | undefined;
  let visible = 0;
  const socket = await live.connect((snapshot, receivedAt) => {
    visible = snapshot.totals.flights;
    if (!sample || visible === 0) return;
    // The send that carried the newest counted event.
    const send = sends.find((entry) => entry.total >= visible);
    if (send) sample.push(receivedAt - send.at);
  });
  const figures: Figures = {};
  try {
    for (const rate of rates) {
      const latencies: number[] = [];
      const started = Date.now();
      let sentInStep = 0;
      while (Date.now() - started < stepMs) {
        if (!sample && Date.now() - started >= WARM_UP_MS) sample = latencies;
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
      const achieved = Math.round(sentInStep / (stepMs / 1000));
      const label = rate >= 1000 ? `${rate / 1000}k` : String(rate);
      console.error(
        `freshness at ${rate}/s (sent ${achieved}/s): p50 ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, p99 ${percentile(latencies, 99)} ms over ${latencies.length} snapshots`,
      );
      Object.assign(figures, {
        [`freshness_sent_per_s_at_${label}`]: achieved,
        [`freshness_p50_ms_at_${label}`]: percentile(latencies, 50),
        [`freshness_p95_ms_at_${label}`]: percentile(latencies, 95),
        [`freshness_p99_ms_at_${label}`]: percentile(latencies, 99),
      });
      // Drain before the next rate, so its figures are its own.
      const deadline = Date.now() + 30_000;
      while (visible < total && Date.now() < deadline) await sleep(200);
    }
  } finally {
    socket.close();
    await live.stop();
  }
  return figures;
}
