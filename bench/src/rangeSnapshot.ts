import { io } from 'socket.io-client';
import { SOCKET_EVENTS, type DashboardSnapshot } from '@flights/schemas/dashboard';
import { WEB_METRICS } from '@flights/schemas';
import {
  pipelineScenario,
  rollupDifferences,
  spawnApp,
  waitForFlightsWithHistory,
  WEB_SERVER,
} from '@flights/infra/testing';
import { generatedFile } from './generatedFile.ts';
import { percentile } from './livePipeline.ts';
import type { Figures } from './results.ts';

const MONTH_ROWS = 10_683;
const TRIES = 10;

/** Subscribes to an absolute range nobody asked for before, so the server builds it; resolves with the time to the snapshot. */
async function timeToSnapshot(
  url: string,
  from: number,
  to: number,
): Promise<{ ms: number; snapshot: DashboardSnapshot }> {
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
  const started = performance.now();
  const snapshot = await new Promise<DashboardSnapshot>((resolve) => {
    socket.on(SOCKET_EVENTS.snapshot, (s: DashboardSnapshot) => {
      if (s.range.includes('/')) resolve(s);
    });
    socket.emit(SOCKET_EVENTS.subscribe, { from: new Date(from).toISOString(), to: new Date(to).toISOString() });
  });
  const ms = performance.now() - started;
  socket.close();
  return { ms, snapshot };
}

/** Seconds until the web server's /metrics says no days of closed hours are loading in the background. */
async function keptDaysLoaded(url: string): Promise<number> {
  const started = performance.now();
  for (;;) {
    const metrics = await (await fetch(new URL('/metrics', url))).text();
    if (new RegExp(`^${WEB_METRICS.keptWarming} 0$`, 'm').test(metrics)) return (performance.now() - started) / 1000;
    if (performance.now() - started > 600_000) throw new Error('the closed hours did not load within 10 minutes');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * A month of history, replayed through the real pipeline with --clock
 * history (the real file's density, 10,683 flights, and 100 times it), then
 * the time for the web server to build a 30-day snapshot (hourly rollups,
 * every entity's totals for this and the previous month, the drawn rows'
 * series) and push it to a socket.io client. Each try asks for a range never
 * asked before (its end moves by a second), so no snapshot is reused. The
 * first try is cold (a new web server): InfluxDB sums the month while the
 * web server loads its days in the background; the others come after that
 * load, from the hours the web server keeps (KeptHours), reading two
 * fingerprint statements and whatever changed.
 */
async function monthSnapshot(env: Record<string, string>, density: number): Promise<Figures> {
  const rows = MONTH_ROWS * density;
  const file = await generatedFile(rows);
  const scenario = pipelineScenario(`month${density}x`, 'bench');
  const aggregator = scenario.startAggregator();
  try {
    await aggregator.waitFor(/joined group/, 120_000);
    const ingestStarted = performance.now();
    const replay = await scenario.replay([file, '--clock', 'history', '--span', '30d', '--partitions', '6', '--quiet']);
    if (replay.code !== 0) throw new Error(`history replay failed: ${replay.stderr}`);
    // At 100x the re-rolls of old hours take InfluxDB minutes (see the README): wait as long as it takes, within reason.
    await waitForFlightsWithHistory(scenario.influx, rows, Math.max(300_000, density * 20_000));
    const deadline = Date.now() + 600_000;
    while ((await rollupDifferences(scenario.influx)).length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 2000));
    const ingestSeconds = (performance.now() - ingestStarted) / 1000;
    console.error(
      `history at ${density}x: ${rows} flights replayed, counted and rolled up in ${ingestSeconds.toFixed(1)} s`,
    );
    const web = spawnApp(WEB_SERVER, [], { ...env, ...scenario.env, WEB_PORT: '0' });
    try {
      const url = (await web.waitFor(/dashboard on (http:\S+)/, 120_000))[1]!;
      const now = Date.now();
      const times: number[] = [];
      let flights = 0;
      let warmUpSeconds = 0;
      for (let i = 0; i < TRIES; i += 1) {
        const { ms, snapshot } = await timeToSnapshot(url, now - 30 * 86_400_000, now + i * 1000);
        times.push(ms);
        flights = snapshot.totals.flights;
        // The first build asks InfluxDB for its sums while the month's days load in the background: the warm ones wait for that.
        if (i === 0) warmUpSeconds = await keptDaysLoaded(url);
      }
      if (flights !== rows) throw new Error(`the 30-day snapshot counts ${flights} flights, not ${rows}`);
      console.error(
        `30-day snapshot at ${density}x (${rows} flights): ${times.map((t) => Math.round(t)).join(', ')} ms`,
      );
      const [cold, ...warm] = times;
      console.error(
        `days of closed hours loaded in the background ${warmUpSeconds.toFixed(1)} s after the first build`,
      );
      return {
        [`snapshot_30d_${density}x_warm_up_s`]: Math.round(warmUpSeconds),
        [`history_${density}x_ingest_s`]: Math.round(ingestSeconds),
        [`snapshot_30d_${density}x_flights`]: rows,
        [`snapshot_30d_${density}x_cold_ms`]: Math.round(cold!),
        [`snapshot_30d_${density}x_p50_ms`]: Math.round(percentile(warm, 50)),
        [`snapshot_30d_${density}x_p95_ms`]: Math.round(percentile(warm, 95)),
      };
    } finally {
      await web.stop();
    }
  } finally {
    await aggregator.stop();
    await scenario.cleanup();
  }
}

/** BENCH_SNAPSHOT_DENSITIES: which densities to measure, times the real file's (default 1,100). */
export async function rangeSnapshot(env: Record<string, string>): Promise<Figures> {
  const densities = (process.env.BENCH_SNAPSHOT_DENSITIES ?? '1,100')
    .split(',')
    .map(Number)
    .filter((d) => d > 0);
  const figures: Figures = {};
  for (const density of densities) Object.assign(figures, await monthSnapshot(env, density));
  return figures;
}
