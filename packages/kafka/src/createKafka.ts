import {
  Admin,
  compatibilityPartitioner,
  Consumer,
  Producer,
  stringSerializers,
  type BaseOptions,
} from '@platformatic/kafka';
import { type ClientWatchEvents, watchClient } from './clientWatch.ts';
import type { KafkaSecurity } from './kafkaSecurity.ts';

export interface CreateKafkaOptions {
  brokers: string[];
  /** Names this client to the brokers (their logs, quotas); each client built from here adds nothing to it. */
  clientId: string;
  /** TLS and SASL (see kafkaSecurity.ts); none for a plain local broker. */
  security?: KafkaSecurity;
  /**
   * How often a failed request is tried again before the call fails; default 8. With the backoff below
   * (0.3 s doubling up to 30 s) that is about a minute: a broker restart is ridden out, an outage is reported.
   */
  retries?: number;
  /** Told of every client's retries and of partition leaders moving (the apps' metrics and their one line); none by default. */
  watch?: ClientWatchEvents;
}

/** Events and dead letters go out as UTF-8 strings, keyed by a string. */
export type StringProducer = Producer<string, string, string, string>;
/** The aggregator reads raw bytes: it parses the value itself and needs no key or header decoding. */
export type BytesConsumer = Consumer<Buffer, Buffer, Buffer, Buffer>;

/** How a consumer meets the group and fetches; the client's defaults where absent. */
export interface ConsumerTuning {
  sessionTimeout?: number;
  heartbeatInterval?: number;
  rebalanceTimeout?: number;
  maxBytes?: number;
  maxBytesPerPartition?: number;
  maxWaitTime?: number;
  /** Messages the stream holds before it stops fetching. */
  highWaterMark?: number;
}

/** The wait before retry `attempt` (1, 2, …): 0.3 s doubling, at most 30 s. */
export function retryDelayMs(attempt: number): number {
  return Math.min(30_000, 300 * 2 ** Math.max(0, attempt - 1));
}

/**
 * The project's one way to build Kafka clients (@platformatic/kafka):
 * the same brokers, security, timeouts and retries for the admin, every
 * producer and every consumer. Producers are idempotent, wait for all
 * in-sync replicas and place keys as Kafka's Java client does (murmur2,
 * positive), so a key lands on the partition the Java client (and kafkajs, before) chose.
 */
export class KafkaClients {
  readonly options: CreateKafkaOptions;

  constructor(options: CreateKafkaOptions) {
    this.options = options;
  }

  /** The options every client shares. */
  base(): BaseOptions {
    const { brokers, clientId, security } = this.options;
    return {
      clientId,
      bootstrapBrokers: brokers,
      ...security,
      connectTimeout: 3000,
      requestTimeout: 30_000,
      timeout: 30_000,
      retries: this.options.retries ?? 8,
      retryDelay: (_client, _operation, attempt) => retryDelayMs(attempt),
    };
  }

  admin(): Admin {
    return this.watched(new Admin(this.base()));
  }

  private watched<C extends Parameters<typeof watchClient>[0]>(client: C): C {
    if (this.options.watch) watchClient(client, this.options.watch);
    return client;
  }

  /**
   * `idempotent` (default true) keeps a retried send from writing twice. A
   * topic of absolute values, where a duplicate changes nothing (the minutes
   * topic), turns it off: an idempotent producer cannot write to a topic
   * deleted and created again under it.
   */
  producer(options: { idempotent?: boolean } = {}): StringProducer {
    return this.watched(
      new Producer({
        ...this.base(),
        serializers: stringSerializers,
        idempotent: options.idempotent ?? true,
        acks: -1,
        partitioner: compatibilityPartitioner,
      }),
    );
  }

  /** A group member that commits by hand (autocommit off), reading raw bytes. */
  consumer(groupId: string, tuning: ConsumerTuning = {}): BytesConsumer {
    return this.watched(new Consumer({ ...this.base(), groupId, autocommit: false, ...tuning }));
  }
}

export function createKafka(options: CreateKafkaOptions): KafkaClients {
  return new KafkaClients(options);
}
