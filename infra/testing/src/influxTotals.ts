import type { InfluxV1Client } from '@flights/influx';
import {
  DIMENSIONS,
  ENTITY_TAG,
  FIELDS,
  INFLUX_RETENTION_POLICY,
  MEASUREMENTS,
  measurementSpecs,
  ROLLUP_RETENTION_POLICY,
  STREAM_CONDITIONS,
  type Dimension,
} from '@flights/schemas';
import { quoteIdent } from '@flights/influx';

export interface InfluxTotals {
  flights: number;
  fareSum: number;
  byDimension: Record<Dimension, Record<string, number>>;
  fareSumByCarrier: Record<string, number>;
  /** Fare and duration sums per itinerary (`DEL-BOM-COK`). */
  itinerarySums: Record<string, { fareSum: number; durationSum: number }>;
}

/** Sums over all minutes and streams, the way an analyst would in InfluxQL. */
export async function influxTotals(client: InfluxV1Client): Promise<InfluxTotals> {
  const [total] = await client.query(
    `SELECT sum(${FIELDS.flights}) AS flights, sum(${FIELDS.fareSum}) AS fares FROM ${MEASUREMENTS.total}`,
  );
  const byDimension = {} as Record<Dimension, Record<string, number>>;
  let fareSumByCarrier: Record<string, number> = {};
  for (const dimension of DIMENSIONS) {
    const tag = ENTITY_TAG[dimension];
    const series = await client.query(
      `SELECT sum(${FIELDS.flights}) AS flights, sum(${FIELDS.fareSum}) AS fares FROM ${MEASUREMENTS[dimension]} GROUP BY "${tag}"`,
    );
    byDimension[dimension] = Object.fromEntries(series.map((s) => [s.tags[tag]!, Number(s.rows[0]!.flights)]));
    if (dimension === 'carrier')
      fareSumByCarrier = Object.fromEntries(series.map((s) => [s.tags[tag]!, Number(s.rows[0]!.fares)]));
  }
  const itineraries = await client.query(
    `SELECT sum(${FIELDS.fareSum}) AS fares, sum(${FIELDS.durationSum}) AS durations FROM ${MEASUREMENTS.itinerary} GROUP BY "${ENTITY_TAG.itinerary}"`,
  );
  const itinerarySums = Object.fromEntries(
    itineraries.map((s) => [
      s.tags[ENTITY_TAG.itinerary]!,
      { fareSum: Number(s.rows[0]!.fares), durationSum: Number(s.rows[0]!.durations) },
    ]),
  );
  return {
    flights: Number(total?.rows[0]?.flights ?? 0),
    fareSum: Number(total?.rows[0]?.fares ?? 0),
    byDimension,
    fareSumByCarrier,
    itinerarySums,
  };
}

/**
 * Polls `count` until it reaches `expected` (or time runs out; a failed read
 * counts as not there yet), then waits a little longer: a double count would
 * show up by then.
 */
export async function waitForCount(
  count: () => Promise<number>,
  expected: number,
  timeoutMs: number,
  intervalMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await count().catch(() => 0)) < expected && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  await new Promise((resolve) => setTimeout(resolve, 2500));
}

/** Polls until the total reaches `expected` (or time runs out), then returns the totals. */
export async function waitForFlights(
  client: InfluxV1Client,
  expected: number,
  timeoutMs = 60_000,
): Promise<InfluxTotals> {
  await waitForCount(async () => (await influxTotals(client)).flights, expected, timeoutMs);
  return influxTotals(client);
}

/** Flights counted anywhere, each once: the live minutes plus history's hours (its minutes hold the same flights again). */
export async function flightsWithHistory(client: InfluxV1Client): Promise<number> {
  const [minutes, history] = await client.queryEach([
    `SELECT sum(${FIELDS.flights}) AS flights FROM ${quoteIdent(INFLUX_RETENTION_POLICY.name)}.${quoteIdent(MEASUREMENTS.total)} WHERE ${STREAM_CONDITIONS.notHistory}`,
    `SELECT sum(${FIELDS.flights}) AS flights FROM ${quoteIdent(ROLLUP_RETENTION_POLICY.name)}.${quoteIdent(MEASUREMENTS.total)} WHERE ${STREAM_CONDITIONS.history}`,
  ]);
  return [minutes, history].reduce((sum, series) => sum + Number(series?.[0]?.rows[0]?.flights ?? 0), 0);
}

/** Polls until minutes and history together hold `expected` flights (or time runs out), then a little longer; returns the count. */
export async function waitForFlightsWithHistory(
  client: InfluxV1Client,
  expected: number,
  timeoutMs = 60_000,
): Promise<number> {
  await waitForCount(() => flightsWithHistory(client), expected, timeoutMs);
  return flightsWithHistory(client);
}

/**
 * Every measurement and entity whose hourly rollups, summed over all time,
 * differ from the sum of its 1-minute points (every field), as
 * `measurement entity field: rollup (minutes)`; empty when exact. History
 * (its minutes and its hours, both written by the aggregator) is not rolled
 * up and is left out on both sides.
 */
export async function rollupDifferences(client: InfluxV1Client): Promise<string[]> {
  const differences: string[] = [];
  for (const spec of measurementSpecs()) {
    const sums = async (policy: string) => {
      const fields = spec.fields.map((f) => `sum(${quoteIdent(f)}) AS ${quoteIdent(f)}`).join(', ');
      const groupBy = spec.tags.length ? ` GROUP BY ${spec.tags.map(quoteIdent).join(', ')}` : '';
      const condition =
        policy === ROLLUP_RETENTION_POLICY.name ? STREAM_CONDITIONS.rollups : STREAM_CONDITIONS.notHistory;
      const series = await client.query(
        `SELECT ${fields} FROM ${quoteIdent(policy)}.${quoteIdent(spec.measurement)} WHERE ${condition}${groupBy}`,
      );
      return new Map(series.map((s) => [spec.tags.map((t) => s.tags[t]).join('|'), s.rows[0] ?? {}]));
    };
    const [minutes, hours] = await Promise.all([
      sums(INFLUX_RETENTION_POLICY.name),
      sums(ROLLUP_RETENTION_POLICY.name),
    ]);
    for (const key of new Set([...minutes.keys(), ...hours.keys()])) {
      for (const field of spec.fields) {
        const [m, h] = [Number(minutes.get(key)?.[field] ?? 0), Number(hours.get(key)?.[field] ?? 0)];
        if (m !== h) differences.push(`${spec.measurement} ${key} ${field}: ${h} (${m})`);
      }
    }
  }
  return differences;
}

/** Flights, delay sums and counts, cancellations per entity of one measurement (or the total, key ''), summed over all time, in `policy` (the database's default when absent). */
export async function onTimeTotals(
  client: InfluxV1Client,
  measurement: string,
  tag?: string,
  policy?: string,
): Promise<
  Record<
    string,
    {
      flights: number;
      depDelaySum: number;
      depDelayCount: number;
      arrDelaySum: number;
      arrDelayCount: number;
      depDelayed15: number;
      arrDelayed15: number;
      cancelled: number;
    }
  >
> {
  const fields = [
    `sum(${FIELDS.flights}) AS flights`,
    `sum(${FIELDS.depDelaySum}) AS dds`,
    `sum(${FIELDS.depDelayCount}) AS ddc`,
    `sum(${FIELDS.arrDelaySum}) AS ads`,
    `sum(${FIELDS.arrDelayCount}) AS adc`,
    `sum(${FIELDS.depDelayed15}) AS dd15`,
    `sum(${FIELDS.arrDelayed15}) AS ad15`,
    `sum(${FIELDS.cancelled}) AS cancelled`,
  ].join(', ');
  const from = policy ? `${quoteIdent(policy)}.${quoteIdent(measurement)}` : quoteIdent(measurement);
  const series = await client.query(`SELECT ${fields} FROM ${from}${tag ? ` GROUP BY ${quoteIdent(tag)}` : ''}`);
  return Object.fromEntries(
    series.map((s) => {
      const row = s.rows[0]!;
      const n = (value: unknown) => Number(value ?? 0);
      return [
        tag ? s.tags[tag]! : '',
        {
          flights: n(row.flights),
          depDelaySum: n(row.dds),
          depDelayCount: n(row.ddc),
          arrDelaySum: n(row.ads),
          arrDelayCount: n(row.adc),
          depDelayed15: n(row.dd15),
          arrDelayed15: n(row.ad15),
          cancelled: n(row.cancelled),
        },
      ];
    }),
  );
}
