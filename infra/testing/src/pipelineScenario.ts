import { randomUUID } from 'node:crypto';
import { type InfluxV1Client, quoteIdent } from '@flights/influx';
import { testInflux } from './testInflux.ts';
import { createKafka } from '@flights/kafka';
import { GROUND_TRUTH, NETWORK_TRUTH } from './groundTruth.ts';
import { readTopicRecords } from './readTopic.ts';
import type { InfluxTotals } from './influxTotals.ts';
import { REPLAYER_CLI, runCli, type CliResult } from './runCli.ts';
import { AGGREGATOR_CLI, spawnApp, type RunningApp } from './spawnApp.ts';

/**
 * One isolated pipeline on the running stack: its own topic, dead-letter
 * topic, consumer group and InfluxDB database, so scenarios never see each
 * other's data. `cleanup` kills what it started and deletes its topics.
 */
export interface PipelineScenario {
  topic: string;
  env: Record<string, string>;
  influx: InfluxV1Client;
  startAggregator(): RunningApp;
  replay(args: string[]): Promise<CliResult>;
  /**
   * Replays `args` as a backlog: the records carry the time a live replayer
   * would have sent them (a second after each flight's time) and reach the
   * aggregator late, as after an outage. Such flights are live, not history
   * (history is decided by the send time), so their old hours are re-rolled.
   */
  replayAsBacklog(args: string[], expected: number): Promise<void>;
  cleanup(): Promise<void>;
}

/**
 * Drops a test database's continuous queries (its data stays, for a failure's post-mortem).
 * Not DROP DATABASE: on InfluxDB 1.6 that can hang for minutes behind a running continuous
 * query and hold up every later drop; dropping a query is a change of metadata only.
 */
export async function stopContinuousQueries(database: string): Promise<void> {
  const client = testInflux(database);
  try {
    const queries =
      (await client.query('SHOW CONTINUOUS QUERIES')).find((series) => series.name === database)?.rows ?? [];
    for (const row of queries)
      await client.query(`DROP CONTINUOUS QUERY ${quoteIdent(String(row.name))} ON ${quoteIdent(database)}`, {
        mutate: true,
      });
  } catch {
    // A stack already stopped has nothing left to run.
  }
}

/** `database`: write into another scenario's InfluxDB database (a second pipeline over the same data). */
export function pipelineScenario(name: string, prefix = 'test', options: { database?: string } = {}): PipelineScenario {
  const id = `${name}_${randomUUID().slice(0, 8)}`;
  const topic = `${prefix}.agg.${id}`;
  const env = {
    FLIGHTS_TOPIC: topic,
    DEAD_LETTER_TOPIC: `${topic}.dlq`,
    MINUTES_TOPIC: `${topic}.minutes`,
    ALERTS_TOPIC: `${topic}.alerts`,
    AGGREGATOR_GROUP: `agg-${id}`,
    INFLUX_DB: options.database ?? `${prefix}_${id}`,
    METRICS_PORT: '0',
  };
  const running: RunningApp[] = [];
  const topics = [topic, `${topic}.dlq`, `${topic}.minutes`, `${topic}.alerts`];
  return {
    topic,
    env,
    // The spec's own reads: with specs side by side, a whole year's sums can take InfluxDB 1.6 longer than the
    // apps' 10 s; a slow check is not a failure of what it checks.
    influx: testInflux(env.INFLUX_DB, { timeoutMs: 60_000 }),
    startAggregator() {
      const app = spawnApp(AGGREGATOR_CLI, [], env);
      running.push(app);
      return app;
    },
    replay(args) {
      return runCli(REPLAYER_CLI, [...args, '--topic', topic, '--dead-letter-topic', `${topic}.dlq`], env);
    },
    async replayAsBacklog(args, expected) {
      const staging = `${topic}.staging`;
      topics.push(staging);
      const result = await runCli(
        REPLAYER_CLI,
        [...args, '--topic', staging, '--dead-letter-topic', `${topic}.dlq`],
        env,
      );
      if (result.code !== 0) throw new Error(`staging replay failed: ${result.stderr}`);
      const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'scenario-backlog' });
      const records = await readTopicRecords(kafka, staging, expected);
      const producer = kafka.producer();
      try {
        const messages = records.map(({ value }) => {
          const event = JSON.parse(value) as { id: string; ts: number };
          return { topic, key: event.id, value, timestamp: BigInt(event.ts + 1000) };
        });
        for (let i = 0; i < messages.length; i += 1000) await producer.send({ messages: messages.slice(i, i + 1000) });
      } finally {
        await producer.close();
      }
    },
    async cleanup() {
      await Promise.all(running.splice(0).map((app) => app.stop('SIGKILL')));
      // Left behind, every scenario's ten continuous queries ran each minute for the rest of the
      // suite, and by the end-to-end specs InfluxDB spent its time on them.
      if (!options.database) await stopContinuousQueries(env.INFLUX_DB);
      const admin = createKafka({
        brokers: process.env.KAFKA_BROKERS!.split(','),
        clientId: 'scenario-cleanup',
      }).admin();
      const existing = new Set(await admin.listTopics().catch(() => []));
      await admin.deleteTopics({ topics: topics.filter((topic) => existing.has(topic)) }).catch(() => undefined);
      await admin.close();
    },
  };
}

/**
 * What replaying Data_Train.xlsx `passes` times must give: the shared
 * README's counts and the derived network counts, times `passes`.
 */
export function expectedTotals(passes = 1): Pick<InfluxTotals, 'flights' | 'byDimension'> {
  const times = (counts: Record<string, number>) =>
    Object.fromEntries(Object.entries(counts).map(([key, n]) => [key, n * passes]));
  return {
    flights: GROUND_TRUTH.rows * passes,
    byDimension: {
      carrier: times(GROUND_TRUTH.carriers),
      departure: times(GROUND_TRUTH.departures),
      arrival: times(GROUND_TRUTH.arrivals),
      route: times(GROUND_TRUTH.routes),
      itinerary: times(NETWORK_TRUTH.itineraries),
      leg: times(NETWORK_TRUTH.legs),
      hub: times(NETWORK_TRUTH.hubs),
      stops: times(NETWORK_TRUTH.stops),
    },
  };
}

/** Every count that differs from the expected totals, as `dimension key: actual (expected)`; empty when exact. */
export function totalsDifferences(actual: InfluxTotals, expected: ReturnType<typeof expectedTotals>): string[] {
  const differences: string[] = [];
  if (actual.flights !== expected.flights)
    differences.push(`flights: ${actual.flights} (expected ${expected.flights})`);
  for (const [dimension, counts] of Object.entries(expected.byDimension) as [
    keyof typeof expected.byDimension,
    Record<string, number>,
  ][]) {
    const got = actual.byDimension[dimension];
    for (const key of new Set([...Object.keys(counts), ...Object.keys(got)])) {
      if ((got[key] ?? 0) !== (counts[key] ?? 0))
        differences.push(`${dimension} ${key}: ${got[key] ?? 0} (expected ${counts[key] ?? 0})`);
    }
  }
  return differences;
}
