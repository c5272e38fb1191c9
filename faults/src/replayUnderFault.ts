import { setTimeout as sleep } from 'node:timers/promises';
import type { Drill, DrillSize } from './drill.ts';
import { watchProgress } from './progressWatch.ts';
import { createKafka, ensureTopics, type KafkaClients } from '@flights/kafka';
import {
  expectedTotals,
  GROUND_TRUTH,
  pipelineScenario,
  readTopic,
  requireDataTrain,
  totalsDifferences,
  waitForFlights,
  type PipelineScenario,
  type RunningApp,
} from '@flights/infra/testing';

export interface LoadShape {
  /** Passes over Data_Train.xlsx: the expected totals are the shared README's counts times this. */
  passes: number;
  rate: number;
  partitions: number;
}

export interface FaultContext {
  scenario: PipelineScenario;
  /** The instances started before the replay (joined); the scenario's cleanup kills any the fault starts. */
  aggregators: RunningApp[];
  /** Expected length of the replay at its rate. */
  durationMs: number;
  /** Resolves `ms` after the replay started. */
  at(ms: number): Promise<void>;
}

/**
 * The shape every pipeline drill shares: a fresh scenario, `aggregators`
 * instances that have joined, a paced replay of Data_Train.xlsx, the fault
 * injected while it runs, then an exact comparison of InfluxDB's totals.
 */
/** Where a count went wrong: in Kafka (records beyond the distinct events) or after it. */
async function topicCount(kafka: KafkaClients, topic: string, rows: number): Promise<string> {
  const records = await readTopic(kafka, topic, rows * 2, 3000);
  const distinct = new Set(records.map((value) => (JSON.parse(value) as { id: string; ts: number }).id)).size;
  return `the topic holds ${records.length} records of ${distinct} distinct event ids`;
}

export async function replayUnderFault(
  name: string,
  load: LoadShape,
  aggregators: number,
  fault: (context: FaultContext) => Promise<string>,
): Promise<{ did: string; differences: string[] }> {
  const scenario = pipelineScenario(name, 'drill');
  try {
    const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: 'drill' });
    await ensureTopics(kafka, [{ topic: scenario.topic, numPartitions: load.partitions }]);
    const started = Array.from({ length: aggregators }, () => scenario.startAggregator());
    await Promise.all(started.map((app) => app.waitFor(/joined group/, 120_000)));
    const rows = GROUND_TRUTH.rows * load.passes;
    const startedAt = Date.now();
    const progress = watchProgress(scenario.influx, rows);
    const replay = scenario.replay([
      requireDataTrain(),
      '--loop',
      String(load.passes),
      '--rate',
      String(load.rate),
      '--quiet',
    ]);
    const did = await fault({
      scenario,
      aggregators: started,
      durationMs: (rows / load.rate) * 1000,
      at: (ms) => sleep(Math.max(0, startedAt + ms - Date.now())),
    });
    const result = await replay;
    const differences: string[] = [];
    if (result.code !== 0)
      differences.push(`replayer exited ${result.code}: ${result.stderr.trim().split('\n').slice(-3).join(' | ')}`);
    else {
      const acknowledged = (JSON.parse(result.stdout.trim()) as { acknowledged: number }).acknowledged;
      if (acknowledged !== rows) differences.push(`replayer acknowledged ${acknowledged} of ${rows} rows`);
    }
    const totals = await waitForFlights(scenario.influx, rows, 180_000);
    const paused = await progress.stop();
    differences.push(...totalsDifferences(totals, expectedTotals(load.passes)));
    if (differences.length) differences.push(await topicCount(kafka, scenario.topic, rows));
    // What the replayer said while leaders moved: one line per move, not a stack of errors.
    const moves = result.stderr.split('\n').filter((line) => line.startsWith('Kafka: partition leaders moved'));
    const said = moves.length ? `; the replayer said ${moves.length}× "${moves[0]!.slice(0, 90)}"` : '';
    return {
      did: `${did}; a partition's count in InfluxDB stood still at most ${seconds(paused)}${said}`,
      differences,
    };
  } finally {
    await scenario.cleanup();
  }
}

/** `count` moments spread at random over the middle 90 % of a run, sorted. */
export function randomMoments(count: number, durationMs: number): number[] {
  return Array.from({ length: count }, () => Math.round(durationMs * (0.05 + 0.9 * Math.random()))).sort(
    (a, b) => a - b,
  );
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export interface PipelineDrillSpec {
  name: string;
  proves: string;
  load: Record<DrillSize, LoadShape>;
  /** Instances started (and joined) before the replay. */
  aggregators?: number;
  /** Injects the fault during the replay; returns what it did, for the report. */
  fault(context: FaultContext, size: DrillSize, log: (line: string) => void): Promise<string>;
}

/** A drill of the replay-under-fault shape. */
export function pipelineDrill(spec: PipelineDrillSpec): Drill {
  return {
    name: spec.name,
    proves: spec.proves,
    async run(size, log) {
      const load = spec.load[size];
      const outcome = await replayUnderFault(spec.name, load, spec.aggregators ?? 1, (context) =>
        spec.fault(context, size, log),
      );
      return {
        drill: spec.name,
        ...outcome,
        did: `${outcome.did} (${load.passes} × Data_Train.xlsx at ${load.rate}/s on ${load.partitions} partitions)`,
      };
    },
  };
}
