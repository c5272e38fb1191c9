import { setTimeout as sleep } from 'node:timers/promises';
import {
  ALERTS_TOPIC_CONFIG,
  ALERTS_TOPIC_PARTITIONS,
  type AlertRecord,
  type AlertRules,
  isSilenced,
  parseAlertRecord,
} from '@flights/alerts';
import { type BytesConsumer, ensureTopics, type KafkaClients, type Message, type MessagesStream } from '@flights/kafka';
import type { WebMetrics } from '../webMetrics.ts';
import type { AlertLedger } from './AlertLedger.ts';
import type { WebhookNotifier } from './WebhookNotifier.ts';

/** The consumer group of every web server's dispatcher on a topic: the one member holding its partition notifies. */
export const dispatchGroup = (topic: string) => `flights-alert-dispatch.${topic}`;

export interface AlertDispatcherOptions {
  kafka: KafkaClients;
  /** The alerts topic (ALERTS_TOPIC). */
  topic: string;
  rules: AlertRules;
  ledger: AlertLedger;
  notifier: WebhookNotifier;
  metrics: WebMetrics;
  log: (line: string) => void;
  /** Now, for silences; Date.now by default. */
  now?: () => number;
}

type Stream = MessagesStream<Buffer, Buffer, Buffer, Buffer>;

/**
 * Tells each alert transition once, however many web servers judged it. Every web server writes its transitions to
 * the alerts topic; all of them are members of one consumer group on it, and the topic has one partition, so one
 * member at a time reads it: the dispatcher. For each record, in order: told already (the ledger has this rule,
 * entity and status at this minute)? skip. Else notify (or hold back, if silenced), write the ledger, then commit.
 * A dispatcher killed between the notice and the ledger gives a second notice with the same Idempotency-Key once
 * another member takes the partition (the session timeout, 10 s): at least once, deduplicated by key.
 */
export class AlertDispatcher {
  private consumer: BytesConsumer | undefined;
  private stream: Stream | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;
  private readonly options: AlertDispatcherOptions;

  constructor(options: AlertDispatcherOptions) {
    this.options = options;
  }

  start(): void {
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.stream?.close().catch(() => undefined);
    await this.running;
  }

  private async loop(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt += 1) {
      try {
        await this.runOnce();
      } catch (error) {
        if (!this.stopped && (attempt === 0 || attempt % 10 === 0))
          this.options.log(`[web] alert dispatch stopped: ${(error as Error).message}; retrying`);
      } finally {
        await this.close();
      }
      if (!this.stopped) await sleep(Math.min(10_000, 500 * 2 ** Math.min(attempt, 5)));
    }
  }

  /** Joins the group and reads what it is given; a new assignment opens a new stream from the committed offset. */
  private async runOnce(): Promise<void> {
    const { kafka, topic } = this.options;
    await ensureTopics(kafka, [{ topic, numPartitions: ALERTS_TOPIC_PARTITIONS, configs: ALERTS_TOPIC_CONFIG }]);
    const consumer = kafka.consumer(dispatchGroup(topic), { sessionTimeout: 10_000, heartbeatInterval: 1000 });
    this.consumer = consumer;
    // The first join happens inside the first consume(); a later one may give or take the partition.
    let rejoined: (() => void) | undefined;
    consumer.on('consumer:group:join', () => rejoined?.());
    while (!this.stopped) {
      const stream = await consumer.consume({ topics: [topic], mode: 'committed', fallbackMode: 'earliest' });
      this.stream = stream;
      const joined = new Promise<void>((resolve) => (rejoined = resolve));
      let closing = false;
      // A stream closed here for a new assignment may end its read with an error: that one is expected.
      const reading = this.read(stream).catch((error: unknown) => {
        if (!closing && !this.stopped) throw error;
      });
      await Promise.race([reading, joined]);
      rejoined = undefined;
      closing = true;
      await stream.close().catch(() => undefined);
      await reading;
    }
  }

  private async read(stream: Stream): Promise<void> {
    for await (const message of stream as AsyncIterable<Message<Buffer, Buffer, Buffer, Buffer>>) {
      const record = message.value ? parseAlertRecord(message.value.toString('utf8')) : undefined;
      if (record) await this.dispatch(record);
      await message.commit();
    }
  }

  /** One record: told once, into the ledger; an InfluxDB failure throws (the loop starts over from the commit). */
  private async dispatch(record: AlertRecord): Promise<void> {
    const { rules, ledger, notifier, metrics } = this.options;
    const { notification } = record;
    if (await ledger.told(notification)) {
      metrics.alertNotifications.inc({ receiver: '*', outcome: 'duplicate' });
      return;
    }
    const silenced = isSilenced(
      rules.silences,
      notification.rule,
      notification.entity,
      (this.options.now ?? Date.now)(),
    );
    for (const receiver of rules.receivers) {
      if (!record.receivers.includes(receiver.name)) continue;
      if (silenced) metrics.alertNotifications.inc({ receiver: receiver.name, outcome: 'silenced' });
      else notifier.notify(receiver, notification);
    }
    await ledger.write(notification, silenced);
  }

  private async close(): Promise<void> {
    const { stream, consumer } = this;
    this.stream = undefined;
    this.consumer = undefined;
    await stream?.close().catch(() => undefined);
    await consumer?.close(true).catch(() => undefined);
  }
}
