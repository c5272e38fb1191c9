import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { createKafka, ensureTopics } from '@flights/kafka';
import { DIMENSIONS, sumMetric, WEB_METRICS, type DashboardSnapshot } from '@flights/schemas';
import {
  connectDashboard,
  expectedTotals,
  pipelineScenario,
  requireDataTrain,
  spawnApp,
  waitForFlights,
  WEB_SERVER,
  type DashboardClient,
  type PipelineScenario,
  type RunningApp,
} from '@flights/infra/testing';

const scenarios: PipelineScenario[] = [];
const apps: RunningApp[] = [];
const clients: DashboardClient[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) client.close();
  await Promise.all(apps.splice(0).map((app) => app.stop('SIGKILL')));
  await Promise.all(scenarios.splice(0).map((s) => s.cleanup()));
});

const TRUTH = expectedTotals();

/** Every number a board shows (flights per entity), with the total, as `dimension key` → flights. */
function shown(snapshot: DashboardSnapshot): Map<string, number> {
  const out = new Map([['total', snapshot.totals.flights]]);
  for (const dimension of DIMENSIONS)
    for (const row of snapshot.dimensions[dimension]) out.set(`${dimension} ${row.key}`, row.flights);
  return out;
}
const truth = new Map([
  ['total', TRUTH.flights],
  ...DIMENSIONS.flatMap((d) => Object.entries(TRUTH.byDimension[d]).map(([key, n]) => [`${d} ${key}`, n] as const)),
]);
/** The numbers above their ground truth: a double count. */
const overTruth = (snapshot: DashboardSnapshot) =>
  [...shown(snapshot)].filter(([key, n]) => n > (truth.get(key) ?? 0)).map(([key, n]) => `${key}: ${n}`);
const isTruth = (snapshot: DashboardSnapshot) =>
  shown(snapshot).size === truth.size && [...truth].every(([key, n]) => shown(snapshot).get(key) === n);

async function startWeb(s: PipelineScenario): Promise<{ app: RunningApp; url: string }> {
  const app = spawnApp(WEB_SERVER, [], { ...s.env, WEB_PORT: '0' });
  apps.push(app);
  return { app, url: (await app.waitFor(/dashboard on (http:\S+)/))[1]! };
}

const statements = async (url: string) =>
  sumMetric(await (await fetch(new URL('/metrics', url))).text(), WEB_METRICS.influxStatements) ?? 0;

describe('the live edge pushed from the aggregators', () => {
  it('never shows a number above the ground truth through two SIGKILLs and two more aggregators on six partitions, and two web servers end on it without reading InfluxDB every second', async () => {
    const s = pipelineScenario('live-edge');
    scenarios.push(s);
    await ensureTopics(createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'spec' }), [
      { topic: s.topic, numPartitions: 6 },
    ]);
    let aggregator = s.startAggregator();
    await aggregator.waitFor(/joined group/);
    const webs = [await startWeb(s), await startWeb(s)];
    const doubles: string[] = [];
    let states = 0;
    for (const { url } of webs)
      clients.push(
        await connectDashboard(url, { range: '15m' }, (snapshot) => {
          states += 1;
          doubles.push(...overTruth(snapshot));
        }),
      );
    const replay = s.replay([requireDataTrain(), '--rate', '1200']);
    for (const at of [2500, 2000]) {
      await sleep(at);
      await aggregator.stop('SIGKILL');
      aggregator = s.startAggregator();
      await aggregator.waitFor(/joined group/);
    }
    // Three aggregators on six partitions at the end, each publishing its own streams.
    const [second, third] = [s.startAggregator(), s.startAggregator()];
    await Promise.all([second.waitFor(/joined group/), third.waitFor(/joined group/)]);
    expect((await replay).code).toBe(0);
    const finals = await Promise.all(clients.map((client) => client.until(isTruth, 120_000)));
    expect(doubles, `numbers above the ground truth in ${states} states`).toEqual([]);
    expect(finals.map((f) => f.health.minutesStream?.state)).toEqual(['live', 'live']);
    expect(JSON.stringify(finals[0]!.dimensions)).toBe(JSON.stringify(finals[1]!.dimensions));
    // The live view costs InfluxDB nothing per second: over 10 s, a few statements at most (the delay-fields
    // check every 10 s, the once-a-minute reconcile), where the write probe alone sent 100.
    const before = await Promise.all(webs.map(({ url }) => statements(url)));
    await sleep(10_000);
    const after = await Promise.all(webs.map(({ url }) => statements(url)));
    expect(
      after.map((n, i) => n - before[i]!).every((n) => n <= 6),
      `statements in 10 s: ${after} - ${before}`,
    ).toBe(true);
    expect(clients.every((client) => client.bytes.delta > 0)).toBe(true);
  });

  it('says the stream is stale and reads InfluxDB when the minutes topic is deleted, and is live again by itself', async () => {
    const s = pipelineScenario('live-stale');
    scenarios.push(s);
    const aggregator = s.startAggregator();
    apps.push(aggregator);
    await aggregator.waitFor(/joined group/);
    const { url } = await startWeb(s);
    const client = await connectDashboard(url, { range: '15m' });
    clients.push(client);
    expect((await s.replay([requireDataTrain(), '--partitions', '2'])).code).toBe(0);
    await client.until((snapshot) => isTruth(snapshot) && snapshot.health.minutesStream?.state === 'live');
    // The edge runs ahead of InfluxDB by a flush: the fallback can only show what InfluxDB holds.
    await waitForFlights(s.influx, TRUTH.flights, 60_000);
    const admin = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'spec' }).admin();
    await admin.deleteTopics({ topics: [s.env.MINUTES_TOPIC!] });
    await admin.close();
    const stale = await client.until((snapshot) => snapshot.health.minutesStream?.state === 'stale', 60_000);
    expect(shown(stale).get('total')).toBe(TRUTH.flights);
    const back = await client.until((snapshot) => snapshot.health.minutesStream?.state === 'live', 90_000);
    await client.until(isTruth, 30_000);
    expect(back.health.minutesStream?.state).toBe('live');
  });
});
