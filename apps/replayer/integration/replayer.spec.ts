import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createKafka } from '@flights/kafka';
import { parseFlightEvent, REPLAYER_METRICS, sumMetric, type FlightEvent } from '@flights/schemas';
import { zipOf } from '../src/readers/zipFixture.ts';
import {
  GROUND_TRUTH,
  readTopic,
  readTopicRecords,
  REPLAYER_CLI,
  requireDataTrain,
  runCli,
  spawnApp,
} from '@flights/infra/testing';

const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'replayer-spec' });
const run = randomUUID().slice(0, 8);
const topics: string[] = [];

function topicPair(name: string) {
  const topic = `test.${name}.${run}`;
  topics.push(topic, `${topic}.dlq`);
  return ['--topic', topic, '--dead-letter-topic', `${topic}.dlq`];
}

function count<T>(items: T[], key: (item: T) => string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
  return counts;
}

afterAll(async () => {
  const admin = kafka.admin();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.close();
});

describe('replayer against the local Kafka', () => {
  it('replays Data_Train.xlsx: 10,683 acknowledged, and the topic holds the shared README counts', async () => {
    const args = topicPair('train');
    const result = await runCli(REPLAYER_CLI, [requireDataTrain(), ...args, '--partitions', '4']);
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout.trim());
    expect(summary).toMatchObject({
      sent: GROUND_TRUTH.rows,
      acknowledged: GROUND_TRUTH.rows,
      rejected: 0,
      failedFiles: 0,
    });

    const values = await readTopic(kafka, args[1]!, GROUND_TRUTH.rows);
    const parsed = values.map((value) => parseFlightEvent(value));
    expect(parsed.filter((result) => !result.ok)).toEqual([]);
    const events: FlightEvent[] = parsed.flatMap((result) => (result.ok ? [result.event] : []));
    expect(events).toHaveLength(GROUND_TRUTH.rows);
    expect(new Set(events.map((event) => event.id)).size).toBe(GROUND_TRUTH.rows);
    expect(count(events, (e) => e.carrier)).toEqual(GROUND_TRUTH.carriers);
    expect(count(events, (e) => e.departureAirport)).toEqual(GROUND_TRUTH.departures);
    expect(count(events, (e) => e.arrivalAirport)).toEqual(GROUND_TRUTH.arrivals);
    expect(events.reduce((sum, e) => sum + (e.price ?? 0), 0)).toBe(GROUND_TRUTH.fareSum);
  });

  it('stamps history events weeks in the past but their Kafka records with the send time, so a 7-day topic retention never deletes them', async () => {
    const args = topicPair('history');
    const started = Date.now();
    const result = await runCli(REPLAYER_CLI, [
      'apps/replayer/samples/flights-sample.csv',
      ...args,
      '--clock',
      'history',
      '--span',
      '30d',
      '--limit',
      '200',
    ]);
    expect(result.code).toBe(0);
    const records = await readTopicRecords(kafka, args[1]!, 200);
    expect(records).toHaveLength(200);
    const eventTimes = records.map(
      (record) => (parseFlightEvent(record.value) as { ok: true; event: FlightEvent }).event.ts,
    );
    expect(Math.min(...eventTimes)).toBeLessThan(started - 20 * 86_400_000);
    expect(Math.min(...records.map((record) => record.timestamp))).toBeGreaterThanOrEqual(started);
  });

  it('serves Prometheus /metrics while it runs (--metrics-port), and stops them with the replay', async () => {
    const args = topicPair('metrics');
    const replay = spawnApp(REPLAYER_CLI, [
      'apps/replayer/samples/flights-sample.csv',
      ...args,
      '--rate',
      '200',
      '--quiet',
      '--metrics-port',
      '0',
    ]);
    try {
      const url = (await replay.waitFor(/metrics on (http:\S+)/))[1]!;
      await new Promise((r) => setTimeout(r, 3000));
      const response = await fetch(url);
      expect(response.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await response.text();
      for (const name of Object.values(REPLAYER_METRICS)) expect(text).toContain(`# TYPE ${name} `);
      expect(sumMetric(text, REPLAYER_METRICS.sent)).toBeGreaterThan(100);
      expect(sumMetric(text, REPLAYER_METRICS.rate)).toBeGreaterThan(50);
      expect(sumMetric(text, REPLAYER_METRICS.acknowledged)).toBeLessThanOrEqual(
        sumMetric(text, REPLAYER_METRICS.sent)!,
      );
    } finally {
      expect(await replay.stop('SIGINT')).toBe(130);
    }
  });

  it('refuses a workbook whose skipped sheet is damaged (exceljs would drop that error) in one line, exit 1, and still replays the next file', async () => {
    // The real file with 8 bytes of its first (pivot) sheet's deflate data flipped: the zip directory is intact.
    const data = readFileSync(requireDataTrain());
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const header = data.indexOf(name) - 30;
    expect(data.readUInt32LE(header)).toBe(0x04034b50);
    const start = header + 30 + data.readUInt16LE(header + 26) + data.readUInt16LE(header + 28) + 100;
    for (let i = start; i < start + 8; i += 1) data[i]! ^= 0x5a;
    const damaged = join(mkdtempSync(join(tmpdir(), 'damaged-')), 'Data_Train_damaged.xlsx');
    writeFileSync(damaged, data);
    const result = await runCli(REPLAYER_CLI, [damaged, 'apps/replayer/samples/flights-sample.csv', '--dry-run']);
    expect(result.code).toBe(1);
    // The inflating pass before exceljs meets the damage, so the file is refused before a row is read.
    expect(result.stderr).toContain(
      `error: ${damaged}: is not a readable xlsx workbook (invalid distance too far back)`,
    );
    expect(result.stdout.trim().split('\n')).toHaveLength(2000);
  });

  it('refuses a 10 KB zip bomb from its directory with a line naming the limit, small RSS, and still replays the next file', async () => {
    const bomb = join(mkdtempSync(join(tmpdir(), 'bomb-')), 'bomb.xlsx');
    writeFileSync(bomb, zipOf('xl/sharedStrings.xml', Buffer.alloc(10 * 1024 * 1024, 0x41)));
    expect(statSync(bomb).size).toBeLessThan(12 * 1024);
    const result = await runCli(REPLAYER_CLI, [bomb, 'apps/replayer/samples/flights-sample.csv', '--dry-run']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: .*bomb\.xlsx: entry xl\/sharedStrings\.xml inflates [\d,]+ times its size .* over the limit of 200 \(a zip bomb\? REPLAYER_XLSX_MAX_RATIO raises it\)/,
    );
    expect(result.stderr).not.toMatch(/^\s+at /m);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2000);
    expect(result.stderr).toMatch(/"peakRssMb":\d+/);
    expect(Number(/"peakRssMb":(\d+)/.exec(result.stderr)![1])).toBeLessThan(300);
  });

  it('refuses a bomb whose zip headers lie about its sizes by what really inflates, and still replays the next file', async () => {
    const bomb = join(mkdtempSync(join(tmpdir(), 'bomb-')), 'liar.xlsx');
    writeFileSync(bomb, zipOf('xl/sharedStrings.xml', Buffer.alloc(10 * 1024 * 1024, 0x41), 20_000));
    const result = await runCli(REPLAYER_CLI, [bomb, 'apps/replayer/samples/flights-sample.csv', '--dry-run']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /error: .*liar\.xlsx: entry xl\/sharedStrings\.xml inflates [\d,]+ times its size .* over the limit of 200/,
    );
    expect(result.stdout.trim().split('\n')).toHaveLength(2000);
  });

  it('one Ctrl-C delivered twice (by the terminal and by pnpm above it) still flushes and prints the summary', async () => {
    const args = topicPair('ctrlc');
    const big = join(mkdtempSync(join(tmpdir(), 'ctrlc-')), 'big.csv');
    expect((await runCli(REPLAYER_CLI, ['generate', big, '--rows', '200000'])).code).toBe(0);
    // Unpaced: batches are in flight when the signal comes, so the flush takes a while.
    const replay = spawnApp(REPLAYER_CLI, [big, ...args, '--quiet', '--metrics-port', '0']);
    // Signalled once it has sent something (so batches are in flight), whatever the machine's load: a fixed
    // wait from the spawn was too short with specs running side by side.
    const metricsUrl = (await replay.waitFor(/metrics on (http:\S+)/, 60_000))[1]!;
    const sent = async () => sumMetric(await (await fetch(metricsUrl)).text(), REPLAYER_METRICS.sent) ?? 0;
    for (const deadline = Date.now() + 60_000; (await sent()) === 0 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    replay.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 15));
    expect(await replay.stop('SIGINT')).toBe(130);
    expect(replay.output()).toContain('stopping: flushing what was read');
    const summary = JSON.parse(
      replay
        .output()
        .split('\n')
        .find((line) => line.startsWith('{"files"'))!,
    );
    expect(summary.sent).toBeGreaterThan(0);
    expect(summary.acknowledged).toBe(summary.sent);
  });

  it('reports a corrupt file and a file with missing columns in one line each, exits 1, and still replays the good file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'replayer-bad-'));
    const corrupt = join(dir, 'corrupt.xlsx');
    writeFileSync(corrupt, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(2000, 7)]));
    const wrong = join(dir, 'wrong.csv');
    writeFileSync(wrong, 'Airline,Date_of_Journey,Price\nIndiGo,24/03/2019,3897\n');
    const good = join(dir, 'good.csv');
    writeFileSync(
      good,
      'Airline,Date_of_Journey,Source,Destination,Route,Dep_Time,Arrival_Time,Duration,Total_Stops,Additional_Info,Price\n' +
        'IndiGo,24/03/2019,Banglore,New Delhi,BLR → DEL,22:20,01:10 22 Mar,2h 50m,non-stop,No info,3897\n' +
        'IndiGo,24/03/2019,Banglore,New Delhi,BLR → DEL,25:99,01:10,2h 50m,non-stop,No info,3897\n',
    );
    const args = topicPair('bad');
    const result = await runCli(REPLAYER_CLI, [corrupt, wrong, good, ...args]);

    expect(result.code).toBe(1);
    const errors = result.stderr.split('\n').filter((line) => line.startsWith('error:'));
    expect(errors).toEqual([
      expect.stringMatching(/^error: .*corrupt\.xlsx: is a truncated xlsx workbook/),
      `error: ${wrong}: header lacks the columns Source, Destination, Route, Dep_Time, Arrival_Time, Duration, Total_Stops (found: Airline, Date_of_Journey, Price)`,
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack traces
    const summary = JSON.parse(result.stdout.trim());
    expect(summary).toMatchObject({ sent: 1, acknowledged: 1, rejected: 1, deadLettered: 1, failedFiles: 2 });
    expect(summary.rejectedByReason).toEqual({ 'invalid Dep_Time': 1 });

    const [letter] = await readTopic(kafka, args[3]!, 1);
    expect(JSON.parse(letter!)).toMatchObject({
      v: 1,
      stage: 'replayer',
      reason: 'invalid Dep_Time',
      origin: { file: basename(good), row: 2 },
      raw: expect.objectContaining({ Dep_Time: '25:99', Airline: 'IndiGo' }),
    });
  });
});
