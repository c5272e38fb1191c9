import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createKafka, ensureTopics } from '@flights/kafka';
import {
  expectedTotals,
  GROUND_TRUTH,
  pipelineScenario,
  readTopic,
  requireDataTrain,
  totalsDifferences,
  waitForFlights,
} from '@flights/infra/testing';
import type { Drill } from './drill.ts';
import { watchProgress } from './progressWatch.ts';
import { seconds } from './replayUnderFault.ts';

const RATE = 1000;
const PARTITIONS = 6;
/** The replayer's retries for this drill: about 2 s of them, so the outage outlasts them. */
const REPLAYER_RETRIES = '3';

/**
 * The topic's records against the replay: each row's event (its id is the same on every pass) `passes` times.
 * Empty when it holds exactly that; else the count and the rows held too few or too many times.
 */
async function topicDifferences(topic: string, passes: number): Promise<string[]> {
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'drill' });
  const values = await readTopic(kafka, topic, GROUND_TRUTH.rows * passes * 2, 5000);
  const counts = new Map<string, { row: number; count: number }>();
  for (const value of values) {
    const event = JSON.parse(value) as { id: string; origin: { row: number } };
    const seen = counts.get(event.id) ?? { row: event.origin.row, count: 0 };
    seen.count += 1;
    counts.set(event.id, seen);
  }
  const off = [...counts.values()].filter((c) => c.count !== passes).sort((a, b) => a.row - b.row);
  const absent = GROUND_TRUTH.rows - counts.size;
  if (values.length === GROUND_TRUTH.rows * passes && off.length === 0 && absent === 0) return [];
  return [
    `the topic holds ${values.length} records, not ${GROUND_TRUTH.rows * passes}; rows absent altogether: ${absent}; ` +
      `rows held another number of times than ${passes}: ${off.length} (${off
        .slice(0, 12)
        .map((c) => `row ${c.row} ×${c.count}`)
        .join(', ')})`,
  ];
}

/** Kafka out of reach for longer than the replayer's retries: how it is taken down and brought back. */
export interface KafkaOutage {
  /** Takes Kafka out of reach; says what it did. */
  takeDown(log: (line: string) => void): Promise<string>;
  /** Brings it back and waits until it serves again (every replica in sync on a cluster); says what it did. */
  bringBack(log: (line: string) => void): Promise<string>;
}

/**
 * A drill of the resume's shape: a paced replay, Kafka taken down mid-way for longer than the replayer's
 * retries, the replayer exiting 3 with what it did not get acknowledged, Kafka back, the same command with
 * --resume; then the topic must hold each event once per pass, and InfluxDB the ground truth.
 */
export function outageDrill(spec: { name: string; proves: string; outage: KafkaOutage }): Drill {
  return { name: spec.name, proves: spec.proves, run: (size, log) => runOutage(spec.name, spec.outage, size, log) };
}

async function runOutage(
  name: string,
  outage: KafkaOutage,
  size: 'short' | 'full',
  log: (line: string) => void,
): ReturnType<Drill['run']> {
  const passes = size === 'full' ? 4 : 1;
  const rows = GROUND_TRUTH.rows * passes;
  const scenario = pipelineScenario(name, 'drill');
  const resumeFile = join(tmpdir(), `${scenario.topic}.resume.json`);
  const differences: string[] = [];
  try {
    const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'drill' });
    await ensureTopics(kafka, [{ topic: scenario.topic, numPartitions: PARTITIONS }]);
    const aggregator = scenario.startAggregator();
    await aggregator.waitFor(/joined group/, 120_000);
    const args = [requireDataTrain(), '--loop', String(passes), '--rate', String(RATE), '--quiet'];
    Object.assign(scenario.env, { KAFKA_RETRIES: REPLAYER_RETRIES });
    const started = Date.now();
    const progress = watchProgress(scenario.influx, rows);
    const first = scenario.replay([...args, '--resume-file', resumeFile]);
    // Late enough that batches were acknowledged before (the short replay's first second is the replayer's start).
    const moment = Math.round((rows / RATE) * 1000 * (size === 'full' ? 0.3 : 0.6));
    await sleep(moment);
    const killedAt = Date.now();
    const tookDown = await outage.takeDown(log);
    log(`${tookDown} at ${seconds(moment)}`);
    const failed = await first;
    const gaveUp = Date.now() - killedAt;
    const notAcknowledged = failed.stderr.split('\n').find((line) => line.startsWith('not acknowledged')) ?? '';
    log(`replayer exited ${failed.code} ${seconds(gaveUp)} after the outage began: ${notAcknowledged.slice(0, 160)}`);
    if (failed.code !== 3)
      differences.push(`the first replay exited ${failed.code}, not 3: ${failed.stderr.slice(-300)}`);
    await sleep(size === 'full' ? 10_000 : 3000);
    const restartedAt = Date.now();
    const broughtBack = await outage.bringBack(log);
    log(`${broughtBack}, ${seconds(restartedAt - killedAt)} after the outage began`);
    const resumed = await scenario.replay([...args, '--resume', '--resume-file', resumeFile]);
    const resuming = resumed.stderr.split('\n').find((line) => line.startsWith('resuming')) ?? '';
    log(resuming);
    if (resumed.code !== 0)
      differences.push(`the resumed replay exited ${resumed.code}: ${resumed.stderr.slice(-300)}`);
    else {
      const acknowledged = (JSON.parse(resumed.stdout.trim()) as { acknowledged: number }).acknowledged;
      if (acknowledged !== rows) differences.push(`the resumed replay acknowledged ${acknowledged} of ${rows} rows`);
    }
    const totals = await waitForFlights(scenario.influx, rows, 180_000);
    const paused = await progress.stop();
    differences.push(...totalsDifferences(totals, expectedTotals(passes)));
    differences.push(...(await topicDifferences(scenario.topic, passes)));
    return {
      drill: name,
      did:
        `${tookDown} at ${seconds(moment)} of a ${seconds((rows / RATE) * 1000)} replay ` +
        `(${passes} × Data_Train.xlsx at ${RATE}/s on ${PARTITIONS} partitions): the replayer gave up after ` +
        `${seconds(gaveUp)}, Kafka was back ${seconds(restartedAt - killedAt)} after the outage began, ` +
        `the resumed replay ended ${seconds(Date.now() - started)} after the first began; ` +
        `a partition's count in InfluxDB stood still at most ${seconds(paused)}`,
      differences,
    };
  } finally {
    rmSync(resumeFile, { force: true });
    await scenario.cleanup();
  }
}
