import { setTimeout as sleep } from 'node:timers/promises';
import type { KafkaClients, StringProducer } from '@flights/kafka';
import type { InfluxV1Client } from '@flights/influx';
import { measurementSpecs } from '@flights/schemas';
import { WriteThenCommit } from '../commit/writeThenCommit.ts';
import { HourRoller, type RollupKeeper } from '../influx/HourRoller.ts';
import { HISTORY_AFTER_MS, HOURLY_ROLLUP, minutesKeptMs } from '../influx/rollupTarget.ts';
import { LivePublisher } from '../live/LivePublisher.ts';
import type { AggregatorMetrics } from '../metrics/aggregatorMetrics.ts';
import { backoffMs } from './backoff.ts';
import { batchHandler } from './batchHandler.ts';
import { GroupAssignment } from './GroupAssignment.ts';
import { GroupConsumer } from './GroupConsumer.ts';
import { Mutex } from './Mutex.ts';
import { PartitionLag } from './PartitionLag.ts';

export { backoffMs } from './backoff.ts';

export interface AggregatorOptions {
  kafka: KafkaClients;
  /** The topics to consume (a --topic-pattern is resolved to names before this). */
  topics: string[];
  groupId: string;
  deadLetterTopic: string;
  influx: InfluxV1Client;
  allowedLatenessMs: number;
  /** See WindowOptions.maxFutureMs (MAX_FUTURE_MS); undefined: no bound. */
  maxFutureMs?: number;
  /** Count the network dimensions (itinerary, leg, hub, stops) too; default true. */
  network?: boolean;
  metrics: AggregatorMetrics;
  /** How often dirty minutes are written (the open minute included); default 1000 ms. */
  flushIntervalMs?: number;
  /** Partition-minutes held in memory before consumption waits for InfluxDB; default 5000. */
  maxBufferedMinutes?: number;
  /**
   * How often old hours (older than the continuous queries' reach) are
   * re-rolled, with the commit that waits for them; default 5000 ms. Minutes
   * are still written every flush. A history replay moves through an hour in
   * well under a second: re-rolling it at every flush cost more than writing.
   */
  rollIntervalMs?: number;
  /** Who keeps the recent hours' rollups (setupInflux says): InfluxDB 1.x's continuous queries by default. */
  rollupKeeper?: RollupKeeper;
  /**
   * The minutes topic and how often changed open minutes go out to it
   * (LIVE_PUBLISH_MS, default 100 ms); absent: nothing is published.
   */
  live?: { topic: string; intervalMs: number; ensureTopic?: () => Promise<void> };
  log?: (line: string) => void;
  /**
   * InfluxDB refused a write for good (401, 403, 404: credentials, rights,
   * no database): retrying cannot help, so the caller is told once and
   * should stop. Nothing past what InfluxDB holds was committed.
   */
  onPermanentFailure?: (error: Error) => void;
}

export interface RunningAggregator {
  stop(): Promise<void>;
  /** Leaves the group without writing or committing anything more: after a permanent failure. */
  abort(): Promise<void>;
  health(): { ok: boolean; detail: Record<string, unknown> };
}

/** What the parts share while the aggregator runs: whether it is stopping, and the consumer's last error. */
interface RunState {
  stopping: boolean;
  consumerError: string | undefined;
}

// A 10 s session hands a crashed instance's partitions over sooner. Fetches of at most 256 KB a partition and
// 1 MB in all, and 256 messages held by the stream: a gzip batch inflates about six times, and with a backlog the
// fetched batches are most of the memory; larger fetches cost memory and gained no rate (`npx pnpm bench aggregator`).
const CONSUMER_OPTIONS = {
  sessionTimeout: 10_000,
  heartbeatInterval: 1000,
  rebalanceTimeout: 30_000,
  maxBytesPerPartition: 256 * 1024,
  maxBytes: 1024 * 1024,
  maxWaitTime: 500,
  highWaterMark: 256,
};

/** The group member: its consumer, what it owns (GroupAssignment), the batch step, dead letters and the lag gauge. */
function createMember(options: AggregatorOptions, state: RunState, mutex: Mutex, log: (line: string) => void) {
  const { kafka, metrics } = options;
  const consumer = kafka.consumer(options.groupId, CONSUMER_OPTIONS);
  const producer = kafka.producer();
  const admin = kafka.admin();
  const assignment = new GroupAssignment(admin, options.groupId, {
    allowedLatenessMs: options.allowedLatenessMs,
    network: options.network ?? true,
    historyAfterMs: HISTORY_AFTER_MS,
    minutesKeptMs: minutesKeptMs(),
    maxFutureMs: options.maxFutureMs,
  });
  const lag = new PartitionLag(consumer, metrics.lag);
  const onRetry = (message: string) => log(`[aggregator] ${(state.consumerError = message)}; retrying`);
  const handle = batchHandler({
    assignment,
    mutex,
    metrics,
    deadLetters: { producer, topic: options.deadLetterTopic, onRetry },
    stopping: () => state.stopping,
    maxBufferedMinutes: options.maxBufferedMinutes ?? 5000,
    waitMs: options.flushIntervalMs ?? 1000,
    handled: (topic, partition, offset) => lag.handled(topic, partition, offset),
    onDeadLettersSent: () => {
      if (state.consumerError?.startsWith('dead-letter')) state.consumerError = undefined;
    },
  });
  const onError = (message: string | undefined) => {
    if (message !== undefined || state.consumerError?.startsWith('consumer crashed')) state.consumerError = message;
  };
  const group = new GroupConsumer({ consumer, topics: options.topics, assignment, mutex, handle, log, onError });
  return { producer, admin, assignment, lag, group };
}

type Member = ReturnType<typeof createMember>;

/** Every flush interval: the dirty minutes written, then the commit they allow; after a failure, backoff. */
async function flushLoop(
  writer: WriteThenCommit,
  state: RunState,
  flushIntervalMs: number,
  log: (line: string) => void,
) {
  while (!state.stopping) {
    const ok = await writer.flush().catch((error) => {
      log(`[aggregator] flush failed: ${(error as Error).message}`);
      return false;
    });
    await sleep(ok ? flushIntervalMs : backoffMs(writer.failedWrites));
  }
}

/** The handle the CLI holds: a clean stop (last words written and committed), an abort, and health. */
function running(
  member: Member,
  writer: WriteThenCommit,
  state: RunState,
  flushing: Promise<void>,
  live: { publisher: LivePublisher; producer: StringProducer } | undefined,
): RunningAggregator {
  const disconnect = async () => {
    member.lag.stop();
    await Promise.allSettled([
      member.group.close(),
      member.producer.close(),
      member.admin.close(),
      live?.producer.close(),
    ]);
  };
  return {
    async stop() {
      state.stopping = true;
      await flushing;
      await member.group.stopReading();
      await live?.publisher.stop();
      // Last words, while still in the group (a stopped consumer cannot commit):
      // write and commit what is counted, so the next owner starts where we ended.
      for (let attempt = 1; attempt <= 3 && !(await writer.flush(true)); attempt += 1) await sleep(backoffMs(attempt));
      await disconnect();
    },
    async abort() {
      state.stopping = true;
      // Its loop would otherwise send on a producer closed under it, and say so after the error that ended the run.
      await live?.publisher.halt();
      await disconnect();
    },
    health() {
      const { consumerError } = state;
      return {
        ok: writer.failedWrites === 0 && !consumerError?.startsWith('consumer crashed'),
        detail: {
          bufferedMinutes: member.assignment.bufferedMinutes(),
          failedWrites: writer.failedWrites,
          lastWriteAgeMs: writer.lastWriteAt ? Date.now() - writer.lastWriteAt : null,
          rebalancing: member.assignment.rebalancing,
          error: writer.lastError ?? consumerError ?? null,
        },
      };
    },
  };
}

/**
 * The Kafka edge around PartitionWindows: the group member and its reading
 * by generation (GroupConsumer, GroupAssignment), the per-batch count step (countBatch, pure),
 * dead letters (sendDeadLetters) and, every second, the write of the dirty
 * minutes followed by the commit they allow (WriteThenCommit).
 */
export async function startAggregator(options: AggregatorOptions): Promise<RunningAggregator> {
  const { influx, metrics } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const state: RunState = { stopping: false, consumerError: undefined };
  const mutex = new Mutex();
  const member = createMember(options, state, mutex, log);
  const live = options.live && startLive(options, member, mutex, log);
  const writer = new WriteThenCommit({
    collectLive: live && (() => live.publisher.collect()),
    assignment: member.assignment,
    mutex,
    influx,
    metrics,
    log,
    onPermanentFailure: options.onPermanentFailure,
    commitOffsets: (offsets) => member.group.commitOffsets(offsets),
    roller: new HourRoller(influx, measurementSpecs(), HOURLY_ROLLUP, options.rollupKeeper),
    rollIntervalMs: options.rollIntervalMs ?? 5000,
  });
  await member.group.start();
  member.lag.start(options.topics);
  const flushing = flushLoop(writer, state, options.flushIntervalMs ?? 1000, log);
  const { topics, groupId } = options;
  log(
    `[aggregator] consuming ${topics.join(', ')} as group ${groupId}; writing to ${influx.url} db ${influx.database}`,
  );
  return running(member, writer, state, flushing, live);
}

/** The minutes topic's publisher, on a producer of its own (not idempotent: see KafkaClients.producer). */
function startLive(options: AggregatorOptions, member: Member, mutex: Mutex, log: (line: string) => void) {
  const { topic, intervalMs, ensureTopic } = options.live!;
  const producer = options.kafka.producer({ idempotent: false });
  const publisher = new LivePublisher({
    assignment: member.assignment,
    mutex,
    producer,
    topic,
    intervalMs,
    metrics: options.metrics,
    log,
    ensureTopic,
  });
  publisher.start();
  return { publisher, producer };
}
