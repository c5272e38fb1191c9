import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { stackConfig, stackDown, stackUp } from '@flights/infra';
import { createKafka, ensureTopics, Producer } from '@flights/kafka';
import {
  AGGREGATOR_CLI,
  expectedTotals,
  GROUND_TRUTH,
  NETWORK_TRUTH,
  pipelineScenario,
  readTopic,
  REPLAYER_CLI,
  requireDataTrain,
  runCli,
  spawnApp,
  totalsDifferences,
  waitForFlights,
  type InfluxTotals,
  type PipelineScenario,
  type RunningApp,
} from '@flights/infra/testing';

const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'aggregator-spec' });
const scenarios: PipelineScenario[] = [];

function scenario(name: string): PipelineScenario {
  const created = pipelineScenario(name);
  scenarios.push(created);
  return created;
}

/** Apps started here rather than by a scenario (with settings of their own). */
const apps: RunningApp[] = [];

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.stop('SIGKILL')));
  await Promise.all(scenarios.splice(0).map((s) => s.cleanup()));
});

function expectGroundTruth(totals: InfluxTotals) {
  expect(totalsDifferences(totals, expectedTotals())).toEqual([]);
}

describe('aggregator on the real Kafka and InfluxDB', () => {
  it('writes exactly the shared README ground truth for Data_Train.xlsx, fare sums per carrier and the network (itineraries, legs, hubs, stops) included', async () => {
    const s = scenario('truth');
    const aggregator = s.startAggregator();
    await aggregator.waitFor(/joined group/);
    const replay = await s.replay([requireDataTrain(), '--partitions', '4']);
    expect(replay.code).toBe(0);
    const totals = await waitForFlights(s.influx, GROUND_TRUTH.rows);
    expectGroundTruth(totals);
    expect(totals.fareSum).toBe(GROUND_TRUTH.fareSum);
    expect(totals.fareSumByCarrier).toEqual(GROUND_TRUTH.fareSumByCarrier);
    // The network, against counts derived from the file's Route column alone (expectGroundTruth compared the flights).
    expect(totals.byDimension.itinerary['DEL-BOM-COK']).toBe(2376);
    expect(totals.byDimension.leg['BOM-COK']).toBe(3462);
    expect(totals.byDimension.hub.BOM).toBe(4980);
    expect(totals.byDimension.stops['1']).toBe(5625);
    expect(Object.fromEntries(Object.entries(totals.itinerarySums).map(([key, sums]) => [key, sums.fareSum]))).toEqual(
      NETWORK_TRUTH.fareSumByItinerary,
    );
    expect(
      Object.fromEntries(Object.entries(totals.itinerarySums).map(([key, sums]) => [key, sums.durationSum])),
    ).toEqual(NETWORK_TRUTH.durationSumByItinerary);

    const metricsUrl = (await aggregator.waitFor(/metrics on (http:\S+)\/metrics/))[1];
    const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(new RegExp(`^aggregator_events_counted_total ${GROUND_TRUTH.rows}$`, 'm'));
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(200);
  });

  it('stays exact when killed with SIGKILL twice mid-stream and restarted', async () => {
    const s = scenario('sigkill');
    let aggregator = s.startAggregator();
    await aggregator.waitFor(/joined group/);
    const replay = s.replay([requireDataTrain(), '--partitions', '3', '--rate', '1200']);
    for (const at of [2500, 3000]) {
      await sleep(at);
      await aggregator.stop('SIGKILL');
      aggregator = s.startAggregator();
      await aggregator.waitFor(/joined group/);
    }
    expect((await replay).code).toBe(0);
    expectGroundTruth(await waitForFlights(s.influx, GROUND_TRUTH.rows, 90_000));
  });

  it('gives exact totals with two instances on 4 partitions when one stops mid-stream', async () => {
    const s = scenario('scaleout');
    await ensureTopics(kafka, [{ topic: s.topic, numPartitions: 4 }]);
    const first = s.startAggregator();
    const second = s.startAggregator();
    await first.waitFor(/joined group/);
    await second.waitFor(/joined group/);
    const replay = s.replay([requireDataTrain(), '--rate', '1500']);
    await sleep(3000);
    const joins = () => first.output().split('joined group').length;
    const before = joins();
    expect(await second.stop('SIGTERM')).toBe(0);
    // Its last commit is made while still in the group (a member that left the group cannot commit).
    expect(second.output()).toMatch(/SIGTERM/);
    expect(second.output()).not.toMatch(/commit failed/);
    await first.waitFor(new RegExp(`(joined group[^]*){${before}}`), 60_000); // took over all partitions
    expect((await replay).code).toBe(0);
    const totals = await waitForFlights(s.influx, GROUND_TRUTH.rows, 90_000);
    expectGroundTruth(totals);
    const streams = await s.influx.query('SHOW TAG VALUES FROM flights_total WITH KEY = "stream"');
    expect(streams[0]!.rows.map((row) => row.value)).toEqual([0, 1, 2, 3].map((p) => `${s.topic}/${p}`));
  });

  it('loses nothing when InfluxDB is down for a while mid-stream', async () => {
    const s = scenario('outage');
    const aggregator = s.startAggregator();
    await aggregator.waitFor(/joined group/);
    const replay = s.replay([requireDataTrain(), '--partitions', '2', '--rate', '1500']);
    await sleep(2500);
    const config = stackConfig();
    await stackDown(config, { kafka: false, influx: true });
    await aggregator.waitFor(/InfluxDB write failed/, 30_000);
    await sleep(6000);
    await stackUp(config, () => undefined);
    await aggregator.waitFor(/InfluxDB accepts writes again/, 60_000);
    expect((await replay).code).toBe(0);
    expectGroundTruth(await waitForFlights(s.influx, GROUND_TRUTH.rows, 90_000));
  });

  it('reopens its stream at the committed offsets when Kafka stays away past the client retries, and stays exact', async () => {
    const s = scenario('kafka-away');
    // One retry (0.3 s) instead of a minute's: the stream fails while Kafka is down, as it would in a long outage.
    const aggregator = spawnApp(AGGREGATOR_CLI, [], { ...s.env, KAFKA_RETRIES: '1' });
    apps.push(aggregator);
    await aggregator.waitFor(/joined group/);
    expect((await s.replay([requireDataTrain(), '--partitions', '3'])).code).toBe(0);
    await waitForFlights(s.influx, GROUND_TRUTH.rows, 60_000);
    const config = stackConfig();
    await stackDown(config, { kafka: true, influx: false });
    await aggregator.waitFor(/consumer crashed: .*\(restarting from the committed offsets\)/, 60_000);
    await stackUp(config, () => undefined);
    expect((await s.replay([requireDataTrain()])).code).toBe(0);
    const totals = await waitForFlights(s.influx, 2 * GROUND_TRUTH.rows, 120_000);
    expect(totalsDifferences(totals, expectedTotals(2))).toEqual([]);
    const metricsUrl = (await aggregator.waitFor(/metrics on (http:\S+)\/metrics/))[1];
    expect((await fetch(`${metricsUrl}/healthz`)).status).toBe(200);
  });

  it('counts every good row whose names line protocol must escape, refuses those it cannot carry, and never fails a write', async () => {
    const s = scenario('tags');
    await ensureTopics(kafka, [{ topic: s.topic, numPartitions: 1 }]);
    const aggregator = s.startAggregator();
    await aggregator.waitFor(/joined group/);
    const row = (carrier: string) =>
      `${carrier},24/03/2019,Banglore,New Delhi,BLR → DEL,22:20,01:10 22 Mar,2h 50m,non-stop,No info,3897`;
    const file = join(mkdtempSync(join(tmpdir(), 'tags-')), 'tags.csv');
    writeFileSync(
      file,
      [
        'Airline,Date_of_Journey,Source,Destination,Route,Dep_Time,Arrival_Time,Duration,Total_Stops,Additional_Info,Price',
        row('IndiGo'),
        row('"Air ""Asia"", Ltd=1"'),
        row('Jet Airways\\'),
        row('"Jet\\,Airways"'),
        row('Indi\u0000Go'),
        row('"Spice\nJet"'),
        row('Vistara'),
      ].join('\n'),
    );
    const replay = await s.replay([file, '--partitions', '1']);
    expect(replay.code, replay.stderr).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ sent: 3, rejected: 4 });

    // The same names straight into Kafka, past the replayer, and an event dated a year ahead of its record.
    const good = JSON.parse(
      (await runCli(REPLAYER_CLI, ['apps/replayer/samples/flights-sample.csv', '--dry-run', '--limit', '1'])).stdout,
    );
    const now = Date.now();
    const producer = new Producer(kafka.base());
    const values = [
      { ...good, id: 'backslash', ts: now, carrier: 'Direct\\' },
      { ...good, id: 'newline', ts: now, sourceCityName: 'New\nDelhi' },
      { ...good, id: 'future', ts: now + 365 * 86_400_000 },
      { ...good, id: 'after the future one', ts: now, carrier: 'Air, "Direct"' },
    ];
    await producer.send({
      messages: values.map((value) => ({ topic: s.topic, value: Buffer.from(JSON.stringify(value)) })),
    });
    await producer.close();

    const totals = await waitForFlights(s.influx, 4, 30_000);
    expect(totals.byDimension.carrier).toEqual({ IndiGo: 1, 'Air "Asia", Ltd=1': 1, Vistara: 1, 'Air, "Direct"': 1 });
    const letters = (await readTopic(kafka, `${s.topic}.dlq`, 7)).map((value) => JSON.parse(value));
    const cannotCarry = 'contains a backslash or a control character, which InfluxDB tags cannot carry';
    expect(letters.map((letter) => letter.reason).sort()).toEqual(
      [...Array(5).fill('invalid carrier'), 'invalid sourceCityName', 'future'].sort(),
    );
    expect(
      letters
        .filter((letter) => letter.stage === 'replayer')
        .every((letter) => letter.detail?.includes(cannotCarry) ?? true),
    ).toBe(true);
    const metricsUrl = (await aggregator.waitFor(/metrics on (http:\S+)\/metrics/))[1];
    const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^aggregator_write_failures_total 0$/m);
    expect(metrics).toMatch(/^aggregator_points_refused_total 0$/m);
    expect(metrics).toMatch(/^aggregator_events_invalid_total\{reason="future"\} 1$/m);
  });

  it('counts and dead-letters poison messages (random bytes, 900 KB, wrong types, prototype keys, deep nesting) while still counting the good events', async () => {
    const s = scenario('poison');
    await ensureTopics(kafka, [{ topic: s.topic, numPartitions: 1 }]);
    const aggregator = s.startAggregator();
    await aggregator.waitFor(/joined group/);
    // Raw bytes, not strings: the poison includes invalid UTF-8 and an empty (null) value.
    const producer = new Producer(kafka.base());
    const good = JSON.parse(
      (await runCli(REPLAYER_CLI, ['apps/replayer/samples/flights-sample.csv', '--dry-run', '--limit', '1'])).stdout,
    );
    const values: (string | Buffer | null)[] = [
      'not json at all',
      JSON.stringify({ v: 1, carrier: 'IndiGo' }),
      JSON.stringify({ ...good, ts: Date.now() }),
      null,
      JSON.stringify({ ...good, id: 'second', ts: Date.now() }),
      // Hostile: random bytes (invalid UTF-8 too), a 900 KB message, wrong-typed fields, a prototype key, deep nesting.
      Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919 + 13) % 256)),
      JSON.stringify({ ...good, id: 'huge', ts: Date.now(), additionalInfo: 'x'.repeat(900_000) }),
      JSON.stringify({ ...good, id: 'types', ts: 'yesterday', price: 'cheap', route: 42 }),
      `{"__proto__":{"polluted":true},${JSON.stringify({ ...good, id: 'proto', ts: Date.now() }).slice(1, -1)}, "carrier": {"name": "IndiGo"}}`,
      `${'['.repeat(5000)}${']'.repeat(5000)}`,
      JSON.stringify({ ...good, id: 'third', ts: Date.now() }),
    ];
    await producer.send({
      messages: values.map((value) => ({
        topic: s.topic,
        value: typeof value === 'string' ? Buffer.from(value) : (value ?? undefined),
      })),
    });
    await producer.close();
    const totals = await waitForFlights(s.influx, 3, 30_000);
    expect(totals.flights).toBe(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    const letters = (await readTopic(kafka, `${s.topic}.dlq`, 8)).map((value) => JSON.parse(value));
    expect(letters.map((letter) => [letter.reason, letter.origin.offset])).toEqual([
      ['not JSON', '0'],
      ['invalid id', '1'],
      ['empty message', '3'],
      ['not JSON', '5'],
      [expect.stringMatching(/^invalid /), '6'],
      [expect.stringMatching(/^invalid /), '7'],
      [expect.stringMatching(/^invalid /), '8'],
      [expect.stringMatching(/^(invalid|not JSON)/), '9'],
    ]);
    // Dead letters stay small: the raw message is cut, not copied whole.
    expect(letters.every((letter) => JSON.stringify(letter).length < 10_000)).toBe(true);
    const metricsUrl = (await aggregator.waitFor(/metrics on (http:\S+)\/metrics/))[1];
    const metrics = await (await fetch(`${metricsUrl}/metrics`)).text();
    expect(metrics).toMatch(/^aggregator_events_invalid_total\{reason="not JSON"\} 2$/m);
    expect(metrics).toMatch(/^aggregator_events_counted_total 3$/m);
    expect(metrics).toMatch(/^aggregator_dead_lettered_total 8$/m);
  });
});
