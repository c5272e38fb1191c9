import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { InfluxV1Client } from '@flights/influx';
import { ensureTopics, type BytesConsumer, type KafkaClients, type Message, type MessagesStream } from '@flights/kafka';
import { MINUTES_TOPIC_CONFIG, MINUTES_TOPIC_PARTITIONS, parseMinuteRecord } from '@flights/schemas';
import type { WebMetrics } from '../webMetrics.ts';
import { FeedHealth, STALE_AFTER_MS } from './FeedHealth.ts';
import { LiveMinutes } from './LiveMinutes.ts';
import { seedLiveEdge } from './seedLiveEdge.ts';

/** How often the topic's end offsets are asked for: the feed's heartbeat. */
const CHECK_MS = 1000;
/** Records read from this long before the live window starts: the minute at its start may be published late. */
const READ_MARGIN_MS = 5 * 60_000;

export interface MinutesFeedOptions {
  kafka: KafkaClients;
  /** The minutes topic (MINUTES_TOPIC). */
  topic: string;
  /** Seeds the live edge at each start (seedLiveEdge). */
  influx: InfluxV1Client;
  edge: LiveMinutes;
  metrics: WebMetrics;
  log: (line: string) => void;
}

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

/**
 * The Kafka edge of the live edge: reads the whole minutes topic (every
 * partition: a consumer group of its own per web server, nothing committed)
 * from the records of the live window on (offsets by timestamp), after a
 * seed from InfluxDB, into LiveMinutes. `live` says whether the edge can be
 * trusted now: seeded, caught up with the topic's end, and checked within
 * the last few seconds, with an aggregator's heartbeat in the last ten.
 * Anything else (Kafka away, the topic deleted, a stream that failed) makes
 * it stale; the feed then starts over with backoff (seed and read again)
 * while the web server reads InfluxDB. Without heartbeats (no aggregator
 * publishing) it reads on and stays stale until they come.
 */
export class MinutesFeed {
  private consumer: BytesConsumer | undefined;
  private stream: Stream | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  /** Next offset to read, per partition, and the end offsets seen at the last check. */
  private readonly position = new Map<number, bigint>();
  private readonly health = new FeedHealth();
  private failure: ((error: Error) => void) | undefined;

  private readonly options: MinutesFeedOptions;

  constructor(options: MinutesFeedOptions) {
    this.options = options;
  }

  /** Whether the live edge is complete and current: the snapshot may answer the live window from it (FeedHealth). */
  get live(): boolean {
    return this.health.isLive(Date.now());
  }

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.failure?.(new Error('stopping'));
    await this.running;
  }

  private async loop(): Promise<void> {
    for (let attempt = 0; !this.stopped; ) {
      try {
        await this.runOnce();
        attempt = 0;
      } catch (error) {
        attempt += 1;
        if (!this.stopped && (attempt === 1 || attempt % 10 === 0))
          this.options.log(
            `[web] the minutes stream ${this.options.topic} is not live: ${(error as Error).message}; reading the live edge from InfluxDB meanwhile, retrying`,
          );
      } finally {
        this.health.restart();
        this.options.metrics.liveStale.set(1);
        await this.close();
      }
      if (!this.stopped) await sleep(Math.min(10_000, 500 * 2 ** Math.min(attempt, 5)));
    }
  }

  /** One run: seed, read from the window's start, check every second; returns (or throws) when it goes stale. */
  private async runOnce(): Promise<void> {
    const { kafka, topic, edge, influx, metrics } = this.options;
    // Created here too: a topic deleted by hand comes back without waiting for an aggregator to publish.
    await ensureTopics(kafka, [{ topic, numPartitions: MINUTES_TOPIC_PARTITIONS, configs: MINUTES_TOPIC_CONFIG }]);
    const consumer = kafka.consumer(`web-minutes-${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`, {
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      maxWaitTime: 100,
    });
    this.consumer = consumer;
    const from = LiveMinutes.windowStart(Date.now());
    const starts = await this.startOffsets(consumer, from - READ_MARGIN_MS);
    edge.clear();
    const seededAt = Date.now();
    await seedLiveEdge(influx, edge, from);
    this.position.clear();
    for (const [partition, offset] of starts) this.position.set(partition, offset);
    const ends = await this.endOffsets(consumer);
    const stream = await consumer.consume({
      topics: [topic],
      mode: 'manual',
      offsets: [...starts].map(([partition, offset]) => ({ topic, partition, offset })),
    });
    this.stream = stream;
    const failed = new Promise<never>((_, reject) => {
      this.failure = reject;
      stream.once('error', reject);
      stream.once('close', () => reject(new Error('the stream closed')));
    });
    // Raced below while the feed runs; after a stop nobody awaits it.
    failed.catch(() => undefined);
    stream.on('data', (message: Message<Buffer, Buffer, Buffer, Buffer>) => this.take(message));
    this.health.seeded(seededAt, ends);
    // A stop during the start could not interrupt it: it is seen here.
    while (!this.stopped) {
      await Promise.race([sleep(this.health.isCaughtUp ? CHECK_MS : 100), failed]);
      await Promise.race([this.check(consumer), failed]);
      metrics.liveStale.set(this.live ? 0 : 1);
      // Stale for want of a heartbeat alone (no aggregator publishing): reading goes on, nothing to start over.
      if (this.health.isCaughtUp && !this.live && !this.health.answering(Date.now()))
        throw new Error('behind the end of the topic, or no answer from Kafka');
    }
  }

  /** Heartbeats came back after a gap: minutes closed meanwhile may never have been published. */
  private reseed(): void {
    const { influx, edge } = this.options;
    if (this.health.reseeding) return;
    this.health.reseedStarted(Date.now());
    void seedLiveEdge(influx, edge, LiveMinutes.windowStart(Date.now()))
      .then(
        () => undefined,
        (error: Error) => this.failure?.(error),
      )
      .finally(() => {
        this.health.reseeding = false;
      });
  }

  private take(message: Message<Buffer, Buffer, Buffer, Buffer>): void {
    const { edge, metrics } = this.options;
    this.position.set(message.partition, message.offset + 1n);
    const record = message.value ? parseMinuteRecord(message.value.toString('utf8')) : undefined;
    if (record && 'heartbeat' in record) {
      if (this.health.heartbeat(record.at)) this.reseed();
      metrics.liveRecords.inc({ outcome: 'heartbeat' });
      return;
    }
    metrics.liveRecords.inc({ outcome: record ? edge.apply(record) : 'unreadable' });
    if (edge.newestAt) metrics.liveAgeSeconds.set(Math.max(0, (Date.now() - edge.newestAt) / 1000));
  }

  /** The feed's own heartbeat: the end offsets, answered within the stale bound (FeedHealth judges them). */
  private async check(consumer: BytesConsumer): Promise<void> {
    const ends = await Promise.race([
      this.endOffsets(consumer),
      sleep(STALE_AFTER_MS).then(() => Promise.reject(new Error('Kafka did not answer within 3 s'))),
    ]);
    // The stream would read a log that is gone until its retries ran out: start over on the new one.
    if (this.health.checked(ends, this.position, Date.now()) === 'log-went-back')
      throw new Error(`the topic ${this.options.topic} was deleted or emptied`);
    this.options.edge.evict();
  }

  private async startOffsets(consumer: BytesConsumer, timestamp: number): Promise<Map<number, bigint>> {
    const { topic } = this.options;
    const [byTime, ends] = await Promise.all([
      consumer.listOffsets({ topics: [topic], timestamp: BigInt(timestamp) }),
      this.endOffsets(consumer),
    ]);
    const offsets = byTime.get(topic) ?? [];
    // No record that recent in a partition (-1): start at its end.
    return new Map(
      [...ends].map(([partition, end]) => [partition, (offsets[partition] ?? -1n) >= 0n ? offsets[partition]! : end]),
    );
  }

  private async endOffsets(consumer: BytesConsumer): Promise<Map<number, bigint>> {
    const { topic } = this.options;
    const offsets = (await consumer.listOffsets({ topics: [topic] })).get(topic);
    if (!offsets) throw new Error(`no topic ${topic}`);
    return new Map(offsets.map((offset, partition) => [partition, offset]));
  }

  private async close(): Promise<void> {
    this.failure = undefined;
    const { stream, consumer } = this;
    this.stream = undefined;
    this.consumer = undefined;
    await stream?.close().catch(() => undefined);
    await consumer?.close(true).catch(() => undefined);
  }
}
