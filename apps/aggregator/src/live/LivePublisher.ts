import { setTimeout as sleep } from 'node:timers/promises';
import type { StringProducer } from '@flights/kafka';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import {
  HEARTBEAT_MS,
  minuteRecordKey,
  minutesPartition,
  type HeartbeatRecord,
  type MinuteRecord,
} from '@flights/schemas';
import { backoffMs } from '../consumer/backoff.ts';
import type { GroupAssignment } from '../consumer/GroupAssignment.ts';
import type { Mutex } from '../consumer/Mutex.ts';
import type { AggregatorMetrics } from '../metrics/aggregatorMetrics.ts';
import { MinuteChanges } from './MinuteChanges.ts';

export interface LivePublisherOptions {
  assignment: GroupAssignment;
  /** Held while the windows are read: the same mutex counting and writing use. */
  mutex: Mutex;
  producer: StringProducer;
  /** The minutes topic (MINUTES_TOPIC setting; default TOPICS.minutes). */
  topic: string;
  /** At most this often changed minutes go out (LIVE_PUBLISH_MS); default 100 ms. */
  intervalMs?: number;
  metrics: AggregatorMetrics;
  log: (line: string) => void;
  /** Creates the topic if it is gone (deleted by hand); called after a failed send, before the retry. */
  ensureTopic?: () => Promise<void>;
}

/**
 * Records per produce request: a rejoin republishes every open minute (tens of thousands of points), which in one
 * request would pass the broker's size limits; ~300 bytes each keeps a request near 300 KB.
 */
const SEND_CHUNK = 1000;

/**
 * Publishes the open minutes' changed points to the minutes topic: collected
 * under the windows' mutex (quick: a diff of the changed minutes), sent
 * outside it, so publishing never holds up counting or committing. A failed
 * send keeps its records (a newer value for the same point replaces one)
 * and is retried with backoff: the topic is a fast path beside InfluxDB, so
 * its outage is counted and told, never fatal. All of a stream's records go
 * to one partition of the topic, in the order they were counted.
 */
export class LivePublisher {
  private readonly changes = new MinuteChanges();
  /** Records waiting to go out, by key: a newer value of a point replaces the older. */
  private pending = new Map<string, MinuteRecord>();
  private failures = 0;
  private stopped = false;
  private lastHeartbeat = 0;
  private readonly member = `${hostname()}/${process.pid}/${randomUUID().slice(0, 8)}`;
  private loop: Promise<void> | undefined;

  private readonly options: LivePublisherOptions;

  constructor(options: LivePublisherOptions) {
    this.options = options;
  }

  /**
   * Takes every changed live minute into the pending records. The caller
   * holds the mutex: the writer calls it before it snapshots the minutes it
   * writes, so no minute becomes final (and leaves memory) before its last
   * value was taken here.
   */
  collect(): void {
    const { assignment } = this.options;
    if (assignment.rebalancing) return;
    const at = Date.now();
    for (const { stream, windows } of assignment.windows.values()) {
      const snapshots = windows.takeUnpublished();
      if (snapshots.length === 0) continue;
      for (const { key, record } of this.changes.changes(
        assignment.generation,
        assignment.fence,
        stream.key,
        snapshots,
        at,
      ))
        this.pending.set(key, record);
    }
  }

  start(): void {
    const intervalMs = this.options.intervalMs ?? 100;
    this.loop = (async () => {
      while (!this.stopped) {
        // At most 5 s between tries: web servers wait for the next heartbeat to trust the edge again.
        await sleep(this.failures ? Math.min(5000, backoffMs(this.failures)) : intervalMs);
        await this.publishNow();
      }
    })();
  }

  /** Collects and sends once (the last words of a clean stop, too). */
  async publishNow(): Promise<void> {
    await this.options.mutex.run(async () => this.collect());
    await this.send();
  }

  async stop(): Promise<void> {
    await this.halt();
    await this.publishNow();
  }

  /** Stops the loop without last words: after a failure, before the producer is closed under it. */
  async halt(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  /** A heartbeat every HEARTBEAT_MS, with the streams owned: readers trust the edge while they come. */
  private heartbeat(): { topic: string; key: string; value: string } | undefined {
    const at = Date.now();
    if (at - this.lastHeartbeat < HEARTBEAT_MS) return undefined;
    this.lastHeartbeat = at;
    const streams = [...this.options.assignment.windows.values()].map(({ stream }) => stream.key);
    const record: HeartbeatRecord = { v: 1, heartbeat: true, member: this.member, streams, at };
    return { topic: this.options.topic, key: `heartbeat/${this.member}`, value: JSON.stringify(record) };
  }

  private async send(): Promise<void> {
    const heartbeat = this.heartbeat();
    if (this.pending.size === 0 && !heartbeat) return;
    const { metrics, log, topic } = this.options;
    const batch = [...this.pending];
    this.pending = new Map();
    const timer = metrics.minutesPublishSeconds.startTimer();
    let sent = 0;
    try {
      for (; sent < batch.length; sent += SEND_CHUNK) await this.sendRecords(batch.slice(sent, sent + SEND_CHUNK));
      sent = batch.length;
      if (heartbeat) await this.options.producer.send({ messages: [heartbeat] });
      timer();
      metrics.minutesPublished.inc(batch.length);
      if (this.failures) log(`[aggregator] the minutes topic ${topic} takes records again`);
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      this.lastHeartbeat = 0;
      metrics.minutesPublished.inc(sent);
      metrics.minutesPublishFailures.inc();
      // Put back what no newer value replaced meanwhile, in front: they were counted first.
      this.pending = new Map([...batch.slice(sent).filter(([key]) => !this.pending.has(key)), ...this.pending]);
      if (this.failures === 1 || this.failures % 10 === 0)
        log(
          `[aggregator] publishing to the minutes topic ${topic} failed (${this.failures} in a row): ${(error as Error).message}; retrying, counting and writing go on`,
        );
      await this.options.ensureTopic?.().catch(() => undefined);
    }
  }

  private async sendRecords(records: readonly (readonly [string, MinuteRecord])[]): Promise<void> {
    const { producer, topic } = this.options;
    await producer.send({
      messages: records.map(([, record]) => ({
        topic,
        key: minuteRecordKey(record),
        value: JSON.stringify(record),
        partition: minutesPartition(record.stream),
      })),
    });
  }
}
