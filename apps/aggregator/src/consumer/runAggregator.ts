import { setTimeout as sleep } from 'node:timers/promises';
import type { Admin, Consumer, Kafka, Producer } from 'kafkajs';
import type { InfluxV1Client } from '@flights/influx';
import { measurementSpecs } from '@flights/schemas';
import { WriteThenCommit } from '../commit/writeThenCommit.ts';
import { HourRoller } from '../influx/HourRoller.ts';
import { HISTORY_AFTER_MS, HOURLY_ROLLUP, minutesKeptMs } from '../influx/rollupTarget.ts';
import type { AggregatorMetrics } from '../metrics/aggregatorMetrics.ts';
import { backoffMs } from './backoff.ts';
import { batchHandler } from './batchHandler.ts';
import { GroupAssignment } from './GroupAssignment.ts';
import { Mutex } from './Mutex.ts';

export { backoffMs } from './backoff.ts';

export interface AggregatorOptions {
  kafka: Kafka;
  topics: (string | RegExp)[];
  groupId: string;
  deadLetterTopic: string;
  influx: InfluxV1Client;
  allowedLatenessMs: number;
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

/**
 * The Kafka edge around PartitionWindows: the group's lifecycle and
 * rebalances (GroupAssignment), the per-batch count step (countBatch, pure),
 * dead letters (sendDeadLetters) and, every second, the write of the dirty
 * minutes followed by the commit they allow (WriteThenCommit).
 */
export async function startAggregator(options: AggregatorOptions): Promise<RunningAggregator> {
  const { kafka, influx, metrics } = options;
  const log = options.log ?? ((line: string) => console.error(line));
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const mutex = new Mutex();
  let stopping = false;
  let consumerError: string | undefined;

  // A 10 s session (kafkajs: 30 s) hands a crashed instance's partitions over sooner. Fetches of at most
  // 1 MB a partition and 4 MB in all (were 4 MB and kafkajs's 10 MB): a gzip batch inflates about six times,
  // and kafkajs joins a response's chunks by copying, so large fetches were most of the resident memory with
  // a backlog (1M events: peak 410 MB against 599 MB, the same events/s within this machine's noise).
  const consumer: Consumer = kafka.consumer({
    groupId: options.groupId, sessionTimeout: 10_000, heartbeatInterval: 1000, maxBytesPerPartition: 1024 * 1024, maxBytes: 4 * 1024 * 1024, maxWaitTimeInMs: 500,
  });
  const producer: Producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  const admin: Admin = kafka.admin();
  const assignment = new GroupAssignment(admin, options.groupId, {
    allowedLatenessMs: options.allowedLatenessMs, network: options.network ?? true, historyAfterMs: HISTORY_AFTER_MS, minutesKeptMs: minutesKeptMs(),
  });
  const writer = new WriteThenCommit({
    assignment, mutex, influx, consumer, metrics, log, onPermanentFailure: options.onPermanentFailure,
    roller: new HourRoller(influx, measurementSpecs(), HOURLY_ROLLUP),
    rollIntervalMs: options.rollIntervalMs ?? 5000,
  });
  const deadLetters = { producer, topic: options.deadLetterTopic, onRetry: (message: string) => log(`[aggregator] ${(consumerError = message)}; retrying`) };

  consumer.on(consumer.events.REBALANCING, () => {
    assignment.rebalancing = true;
  });
  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    void mutex.run(async () => {
      assignment.joined(Object.keys(payload.memberAssignment));
      // Back in the group: a crash before is over.
      consumerError = undefined;
      log(`[aggregator] joined group ${options.groupId}, assigned ${JSON.stringify(payload.memberAssignment)}`);
    });
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    consumerError = `consumer crashed: ${payload.error.message}${payload.restart ? ' (restarting)' : ''}`;
    log(`[aggregator] ${consumerError}`);
  });

  const eachBatch = batchHandler({
    assignment, mutex, metrics, deadLetters, stopping: () => stopping, maxBufferedMinutes: options.maxBufferedMinutes ?? 5000, waitMs: flushIntervalMs,
    onDeadLettersSent: () => { if (consumerError?.startsWith('dead-letter')) consumerError = undefined; },
  });

  const flushLoop = async () => {
    while (!stopping) {
      const ok = await writer.flush().catch((error) => {
        log(`[aggregator] flush failed: ${(error as Error).message}`);
        return false;
      });
      await sleep(ok ? flushIntervalMs : backoffMs(writer.failedWrites));
    }
  };

  await admin.connect();
  await producer.connect();
  await consumer.connect();
  // A fresh broker's group coordinator loads for a moment after start; kafkajs's consumer meets that while joining
  // as a crash and a restart (logged like a failure on a new user's first demo). The admin client retries it quietly.
  await admin.describeGroups([options.groupId]).catch(() => undefined);
  await consumer.subscribe({ topics: options.topics, fromBeginning: true });
  await consumer.run({ autoCommit: false, eachBatchAutoResolve: false, eachBatch });
  const flushing = flushLoop();
  log(`[aggregator] consuming ${options.topics.join(', ')} as group ${options.groupId}; writing to ${influx.url} db ${influx.database}`);

  const disconnect = () => Promise.allSettled([consumer.disconnect(), producer.disconnect(), admin.disconnect()]);
  return {
    async stop() {
      stopping = true;
      await flushing;
      consumer.pause(assignment.topics.map((topic) => ({ topic })));
      // Last words, while still in the group (a stopped consumer cannot commit):
      // write and commit what is counted, so the next owner starts where we ended.
      for (let attempt = 1; attempt <= 3 && !(await writer.flush(true)); attempt += 1) await sleep(backoffMs(attempt));
      await consumer.stop();
      await disconnect();
    },
    async abort() {
      stopping = true;
      await consumer.stop().catch(() => undefined);
      await disconnect();
    },
    health() {
      const lastError = writer.lastError ?? consumerError;
      return {
        ok: writer.failedWrites === 0 && !consumerError?.startsWith('consumer crashed'),
        detail: {
          bufferedMinutes: assignment.bufferedMinutes(), failedWrites: writer.failedWrites,
          lastWriteAgeMs: writer.lastWriteAt ? Date.now() - writer.lastWriteAt : null, rebalancing: assignment.rebalancing, error: lastError ?? null,
        },
      };
    },
  };
}
