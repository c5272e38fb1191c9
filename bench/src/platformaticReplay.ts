import { Producer, stringSerializers } from '@platformatic/kafka';
import { createKafka, ensureTopics } from '@flights/kafka';
import type { DeadLetter } from '@flights/schemas';
import { nowClock } from '@flights/replayer/src/clock/replayClock.ts';
import { silentProgress } from '@flights/replayer/src/progress/ReplayProgress.ts';
import { replayFiles } from '@flights/replayer/src/replay/replayFiles.ts';
import type { EventSink } from '@flights/replayer/src/sinks/EventSink.ts';

/**
 * The replayer's own pipeline (preparing thread, clock, replayFiles) with
 * its Kafka sink on @platformatic/kafka instead of kafkajs: the same
 * guarantees (idempotent, acks from all replicas, gzip, batches of 2,000,
 * one request in flight, keyed by event id) and the same acknowledgement
 * count. A measurement for the client decision (issue 18), not a product
 * path: run by the `replayer` benchmark as `node --import tsx` on this file
 * with <file> <topic>; prints the replay's summary as JSON.
 */
class PlatformaticSink implements EventSink {
  private events: { topic: string; key: string; value: string; timestamp: bigint }[] = [];
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  acknowledged = 0;
  deadLettered = 0;
  failure: Error | undefined;

  constructor(private readonly producer: Producer<string, string, string, string>, private readonly topic: string) {}

  get backlogged(): boolean {
    return this.inFlight >= 2 || this.events.length >= 4000;
  }

  send(key: string, value: string): void {
    this.events.push({ topic: this.topic, key, value, timestamp: BigInt(Date.now()) });
    if (this.events.length >= 2000) this.flush();
  }

  reject(_letter: DeadLetter): void {
    throw new Error('the benchmark file has no rejected rows');
  }

  async ready(): Promise<void> {
    while (this.backlogged && !this.failure) {
      this.flush();
      await this.chain;
    }
  }

  async close(): Promise<void> {
    this.flush();
    await this.chain;
    await this.producer.close();
    if (this.failure) throw this.failure;
  }

  /** Sends what is buffered (the 50 ms linger of a slow replay). */
  flush(): void {
    const messages = this.events;
    if (messages.length === 0) return;
    this.events = [];
    this.inFlight += 1;
    this.chain = this.chain.then(async () => {
      try {
        await this.producer.send({ messages });
        this.acknowledged += messages.length;
      } catch (error) {
        this.failure ??= error as Error;
      } finally {
        this.inFlight -= 1;
      }
    });
  }
}

const [file, topic] = process.argv.slice(2) as [string, string];
const brokers = process.env.KAFKA_BROKERS!.split(',');
await ensureTopics(createKafka({ brokers, clientId: 'bench-platformatic-replay' }), [{ topic, numPartitions: 6 }]);
const producer = new Producer({ clientId: 'bench-platformatic-replay', bootstrapBrokers: brokers, serializers: stringSerializers, idempotent: true, compression: 'gzip' });
const sink = new PlatformaticSink(producer, topic);
const linger = setInterval(() => sink.flush(), 50);
const summary = await replayFiles({ files: [file], sink, clock: nowClock(), loops: 1, progress: silentProgress });
clearInterval(linger);
process.stdout.write(`${JSON.stringify(summary)}\n`);
