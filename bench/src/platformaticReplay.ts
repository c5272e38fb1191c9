import { Producer, stringSerializers, type MessageToProduce } from '@platformatic/kafka';
import { createKafka, ensureTopics } from '@flights/kafka';
import { nowClock } from '@flights/replayer/src/clock/replayClock.ts';
import { silentProgress } from '@flights/replayer/src/progress/ReplayProgress.ts';
import { replayFiles } from '@flights/replayer/src/replay/replayFiles.ts';
import { BatchingSink } from '@flights/replayer/src/sinks/BatchingSink.ts';

type PlatformaticRecord = MessageToProduce<string, string, string, string>;

/**
 * The replayer's own pipeline (preparing thread, clock, replayFiles) with
 * its Kafka sink on @platformatic/kafka instead of kafkajs (the same
 * BatchingSink, another client): the same guarantees (idempotent, acks
 * from all replicas, gzip, batches of 2,000, one request in flight, keyed
 * by event id) and the same acknowledgement count. A measurement for the client decision (issue 18), not a product
 * path: run by the `replayer` benchmark as `node --import tsx` on this file
 * with <file> <topic>; prints the replay's summary as JSON.
 */
class PlatformaticSink extends BatchingSink<PlatformaticRecord> {
  constructor(private readonly producer: Producer<string, string, string, string>, private readonly topic: string) {
    super({ batchSize: 2000, lingerMs: 50 });
    this.startLinger();
  }

  protected eventRecord(key: string, value: string): PlatformaticRecord {
    return { topic: this.topic, key, value, timestamp: BigInt(Date.now()) };
  }

  protected letterRecord(): PlatformaticRecord {
    throw new Error('the benchmark file has no rejected rows');
  }

  protected async deliver(events: PlatformaticRecord[]): Promise<void> {
    await this.producer.send({ messages: events });
  }

  protected deliveryError(error: unknown): Error {
    return error as Error;
  }

  protected disconnect(): Promise<void> {
    return this.producer.close();
  }
}

const [file, topic] = process.argv.slice(2) as [string, string];
const brokers = process.env.KAFKA_BROKERS!.split(',');
await ensureTopics(createKafka({ brokers, clientId: 'bench-platformatic-replay' }), [{ topic, numPartitions: 6 }]);
const producer = new Producer({ clientId: 'bench-platformatic-replay', bootstrapBrokers: brokers, serializers: stringSerializers, idempotent: true, compression: 'gzip' });
const summary = await replayFiles({ files: [file], sink: new PlatformaticSink(producer, topic), clock: nowClock(), loops: 1, progress: silentProgress });
process.stdout.write(`${JSON.stringify(summary)}\n`);
