import { setTimeout as sleep } from 'node:timers/promises';
import type { BytesConsumer, Message, MessagesStream } from '@flights/kafka';
import type { OffsetToCommit } from '../commit/writeThenCommit.ts';
import { backoffMs } from './backoff.ts';
import type { GroupAssignment } from './GroupAssignment.ts';
import type { Mutex } from './Mutex.ts';
import { partitionBatches, type PartitionBatch } from './partitionBatches.ts';

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

export interface GroupConsumerOptions {
  consumer: BytesConsumer;
  topics: string[];
  assignment: GroupAssignment;
  /** Held while the assignment changes: batches count into its windows under it. */
  mutex: Mutex;
  /** Counts one partition's batch; `isCurrent` turns false when the batch's generation is over. */
  handle: (batch: PartitionBatch, isCurrent: () => boolean) => Promise<void>;
  log: (line: string) => void;
  /** Told of a stream that failed (kept for /healthz), and with undefined when a new generation is reading. */
  onError: (message: string | undefined) => void;
  /** Messages taken from the stream at a time, at most; default 4096. */
  maxMessages?: number;
}

/**
 * The aggregator's member of the consumer group, and the only place that
 * reads Kafka. Reading is by generation: each join of the group (and each
 * restart after a failed stream) forgets the windows (GroupAssignment.joined),
 * opens a new stream at the committed offsets and closes the one before.
 * A batch is counted only while its stream's generation is the current
 * one, so nothing fetched for an earlier assignment is counted into
 * windows rebuilt for a later one. Heartbeats are the client's own, apart
 * from reading: a member waiting for InfluxDB stays in the group.
 */
export class GroupConsumer {
  private stream: Stream | undefined;
  private starting = true;
  private stopping = false;
  private restarting = false;
  /** A stream that failed while a restart was under way: restart again when it is over. */
  private failedWhileRestarting: Error | undefined;

  private readonly options: GroupConsumerOptions;

  constructor(options: GroupConsumerOptions) {
    this.options = options;
  }

  async start(): Promise<void> {
    const { consumer, assignment, mutex } = this.options;
    consumer.on('consumer:group:rebalance', () => {
      assignment.rebalanceStarted();
    });
    consumer.on('consumer:group:join', ({ groupId, assignments, generationId }) => {
      mutex
        .run(async () => {
          const topics = (assignments ?? []).map(({ topic }) => topic);
          assignment.joined(topics, generationId ?? consumer.generationId);
          this.options.log(
            `[aggregator] joined group ${groupId}, assigned ${JSON.stringify(Object.fromEntries((assignments ?? []).map(({ topic, partitions }) => [topic, partitions])))}`,
          );
          // The first join happens inside the first consume(): that stream is attached below.
          if (!this.starting && !this.stopping) await this.replaceStream();
        })
        .catch((error: Error) => void this.restart(error));
    });
    // Queued behind the first join's section, which consume() emitted: the stream is tagged with that generation.
    const first = await this.openStream();
    await mutex.run(async () => {
      this.starting = false;
      this.attach(first);
    });
  }

  /** Commits for this member's generation only: a group that moved on refuses, and the next flush tries again. */
  async commitOffsets(offsets: OffsetToCommit[]): Promise<void> {
    await this.options.consumer.commit({
      offsets: offsets.map(({ topic, partition, offset, metadata }) => ({
        topic,
        partition,
        offset: BigInt(offset),
        leaderEpoch: -1,
        metadata,
      })),
      rejoin: false,
    });
  }

  /** Stops reading; the member stays in the group (a last commit is still possible). */
  async stopReading(): Promise<void> {
    this.stopping = true;
    const stream = this.stream;
    this.stream = undefined;
    await stream?.close().catch(() => undefined);
  }

  /** Leaves the group. */
  async close(): Promise<void> {
    await this.stopReading();
    await this.options.consumer.close(true).catch(() => undefined);
  }

  private openStream(): Promise<Stream> {
    return this.options.consumer.consume({ topics: this.options.topics, mode: 'committed', fallbackMode: 'earliest' });
  }

  /** A new generation's stream first, then the old one closed: the topics stay subscribed, so no rejoin follows. */
  private async replaceStream(): Promise<void> {
    const old = this.stream;
    this.stream = undefined;
    try {
      this.attach(await this.openStream());
    } finally {
      await old?.close().catch(() => undefined);
    }
  }

  private attach(stream: Stream): void {
    const generation = this.options.assignment.generation;
    this.stream = stream;
    this.options.onError(undefined);
    const isCurrent = () =>
      this.stream === stream && generation === this.options.assignment.generation && !this.stopping;
    stream.on('error', (error: Error) => void this.failed(stream, error));
    // Read in paused mode, always with a 'readable' listener: with none (and no 'data' listener) Node sets
    // readableFlowing back to null, which the client takes as "nobody is reading" and stops fetching.
    stream.on('readable', keepReadable);
    void this.read(stream, isCurrent);
  }

  private async read(stream: Stream, isCurrent: () => boolean): Promise<void> {
    const max = this.options.maxMessages ?? 4096;
    while (isCurrent()) {
      const messages = await nextMessages(stream, max);
      if (!messages) return;
      for (const batch of partitionBatches(messages)) {
        if (!isCurrent()) return;
        await this.options.handle(batch, isCurrent);
      }
    }
  }

  /**
   * A stream ends with an error when the client's retries run out (a broker
   * away for longer than about a minute).
   */
  private async failed(stream: Stream, error: Error): Promise<void> {
    if (stream !== this.stream || this.stopping) return;
    await this.restart(error);
  }

  /**
   * After a failed stream, or a new generation's stream that could not be
   * opened: what was counted and not committed is forgotten, and a new stream
   * reads again from the committed offsets, tried with backoff until it opens.
   */
  private async restart(error: Error): Promise<void> {
    if (this.restarting) {
      // The stream a restart just opened failed before the restart was over (Kafka still starting):
      // once it is, start again, or nothing would read any more.
      this.failedWhileRestarting = error;
      return;
    }
    this.restarting = true;
    this.stream = undefined;
    const message = `consumer crashed: ${error.message} (restarting from the committed offsets)`;
    this.options.onError(message);
    this.options.log(`[aggregator] ${message}`);
    try {
      for (let attempt = 1; !this.stopping; attempt += 1) {
        await sleep(backoffMs(attempt));
        try {
          await this.options.mutex.run(async () => {
            this.options.assignment.joined(this.options.assignment.topics);
            await this.replaceStream();
          });
          return;
        } catch (reopenError) {
          this.options.log(`[aggregator] reopening the consumer failed: ${(reopenError as Error).message}`);
        }
      }
    } finally {
      this.restarting = false;
      const again = this.failedWhileRestarting;
      this.failedWhileRestarting = undefined;
      if (again && !this.stopping) void this.restart(again);
    }
  }
}

function keepReadable(): void {}

/**
 * Up to `max` messages that the stream holds, waiting for the first one;
 * undefined once the stream has ended or was closed.
 */
export async function nextMessages(stream: Stream, max: number): Promise<Message[] | undefined> {
  for (;;) {
    const out: Message[] = [];
    let message: Message | null;
    while (out.length < max && (message = stream.read() as Message | null) !== null) out.push(message);
    if (out.length) return out;
    if (stream.destroyed || stream.readableEnded || stream.closed) return undefined;
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('readable', done).off('close', done).off('end', done);
        resolve();
      };
      stream.on('readable', done).on('close', done).on('end', done);
    });
  }
}
