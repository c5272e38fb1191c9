import { afterEach, describe, expect, it } from 'vitest';
import { io } from 'socket.io-client';
import { SOCKET_EVENTS, WEB_METRICS, type DashboardSnapshot } from '@flights/schemas';
import {
  GROUND_TRUTH,
  pipelineScenario,
  requireDataTrain,
  rollupDifferences,
  spawnApp,
  waitForFlights,
  waitForFlightsWithHistory,
  WEB_SERVER,
  type PipelineScenario,
  type RunningApp,
} from '@flights/infra/testing';

const scenarios: PipelineScenario[] = [];
const apps: RunningApp[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.stop()));
  await Promise.all(scenarios.splice(0).map((s) => s.cleanup()));
});

/** Subscribes like a browser and resolves with the first pushed snapshot that satisfies `done`. */
function snapshotWhere(
  url: string,
  message: object,
  done: (s: DashboardSnapshot) => boolean,
  timeoutMs = 90_000,
): Promise<DashboardSnapshot> {
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  return new Promise<DashboardSnapshot>((resolve, reject) => {
    let last: DashboardSnapshot | undefined;
    const timer = setTimeout(
      () => reject(new Error(`no matching snapshot in ${timeoutMs} ms; last total ${last?.totals.flights}`)),
      timeoutMs,
    );
    socket.on('connect', () => socket.emit(SOCKET_EVENTS.subscribe, message));
    socket.on(SOCKET_EVENTS.snapshot, (snapshot: DashboardSnapshot) => {
      last = snapshot;
      if (!done(snapshot)) return;
      clearTimeout(timer);
      resolve(snapshot);
    });
  }).finally(() => socket.close());
}

/** A pipeline of its own (topic, group, database unless given) with its aggregator in the group, cleaned up after the test. */
async function startedScenario(name: string, options: { database?: string } = {}): Promise<PipelineScenario> {
  const scenario = pipelineScenario(name, 'test', options);
  scenarios.push(scenario);
  const aggregator = scenario.startAggregator();
  apps.push(aggregator);
  await aggregator.waitFor(/joined group/);
  return scenario;
}

const counts = (rows: { key: string; flights: number }[]) => Object.fromEntries(rows.map((r) => [r.key, r.flights]));

describe('time ranges on the real stack', () => {
  it('replays Data_Train.xlsx a month into the past: the 30d snapshot is the ground truth, and the hourly rollups equal the minutes for every measurement and entity', async () => {
    const s = await startedScenario('history');
    const replay = await s.replay([requireDataTrain(), '--clock', 'history', '--span', '30d', '--partitions', '3']);
    expect(replay.code, replay.stderr).toBe(0);
    // The month's first day went in as history (sent 29 days or more after its time), by the hour.
    expect(await waitForFlightsWithHistory(s.influx, GROUND_TRUTH.rows, 120_000)).toBe(GROUND_TRUTH.rows);

    const web = spawnApp(WEB_SERVER, [], { ...s.env, WEB_PORT: '0' });
    apps.push(web);
    const url = (await web.waitFor(/dashboard on (http:\S+)/))[1]!;
    const month = await snapshotWhere(
      url,
      { range: '30d' },
      (snapshot) => snapshot.totals.flights === GROUND_TRUTH.rows,
    );
    expect(month.resolution).toBe('hour');
    expect(counts(month.dimensions.carrier)).toEqual(GROUND_TRUTH.carriers);
    expect(counts(month.dimensions.departure)).toEqual(GROUND_TRUTH.departures);
    expect(counts(month.dimensions.arrival)).toEqual(GROUND_TRUTH.arrivals);
    expect(month.totals.fareSum).toBe(GROUND_TRUTH.fareSum);
    // Spread over the month: the last 15 minutes hold only a sliver of it.
    const recent = await snapshotWhere(url, { range: '15m' }, () => true);
    expect(recent.totals.flights).toBeLessThan(100);

    // Prometheus text beside the dashboard: the snapshots just built, pushed and refused are counted.
    const refused = io(url, { transports: ['websocket'], reconnection: false });
    await new Promise<void>((resolve) =>
      refused.on('connect', () => {
        refused.emit(SOCKET_EVENTS.subscribe, { range: '3 weeks' });
        resolve();
      }),
    );
    await new Promise((r) => setTimeout(r, 500));
    refused.close();
    const metrics = await (await fetch(new URL('/metrics', url))).text();
    for (const name of Object.values(WEB_METRICS)) expect(metrics).toContain(`# TYPE ${name} `);
    expect(metrics).toMatch(/web_snapshot_build_seconds_count\{range="30d"\} [1-9]/);
    expect(metrics).toMatch(/web_snapshot_build_seconds_count\{range="15m"\} [1-9]/);
    expect(metrics).toMatch(/web_socket_messages_refused_total\{reason="invalid range"\} 1/);

    // The continuous queries roll the last two hours within a minute; the aggregator rolled the rest.
    await expect.poll(() => rollupDifferences(s.influx), { timeout: 90_000, interval: 2000 }).toEqual([]);
  });

  it('re-rolls hours whose minutes change after they were rolled up: old hours before the writer commits, recent ones within a minute', async () => {
    // A backlog (sent live, counted days later), not history: history is never rolled up, so would prove nothing here.
    const first = await startedScenario('reroll');
    await first.replayAsBacklog(
      ['apps/replayer/samples/flights-sample.csv', '--clock', 'history', '--span', '7d'],
      2000,
    );
    await waitForFlights(first.influx, 2000);
    expect(
      await first.influx.query(`SELECT count(flights) FROM flights_30d.flights_total WHERE stream =~ /history$/`),
    ).toEqual([]);
    await expect.poll(() => rollupDifferences(first.influx), { timeout: 90_000, interval: 2000 }).toEqual([]);
    // The web server keeps the closed hours it read: it must notice the old hours change below.
    const web = spawnApp(WEB_SERVER, [], { ...first.env, WEB_PORT: '0' });
    apps.push(web);
    const url = (await web.waitFor(/dashboard on (http:\S+)/))[1]!;
    await snapshotWhere(url, { range: '7d' }, (snapshot) => snapshot.totals.flights === 2000);

    // A second pipeline writes into the same minutes of old hours (another stream): their rollups must follow.
    const second = await startedScenario('reroll2', { database: first.env.INFLUX_DB });
    await second.replayAsBacklog(
      ['apps/replayer/samples/flights-sample.csv', '--clock', 'history', '--span', '7d', '--limit', '300'],
      300,
    );
    await waitForFlights(first.influx, 2300);
    const started = Date.now();
    await expect.poll(() => rollupDifferences(first.influx), { timeout: 15_000, interval: 500 }).toEqual([]);
    expect(Date.now() - started).toBeLessThan(15_000);
    // The same web server's week follows, its carriers summing to the new total.
    const week = await snapshotWhere(url, { range: '7d' }, (snapshot) => snapshot.totals.flights === 2300, 30_000);
    expect(week.dimensions.carrier.reduce((sum, row) => sum + row.flights, 0)).toBe(2300);
  });
});
