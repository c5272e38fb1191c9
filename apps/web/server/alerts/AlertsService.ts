import type { AlertRule, AlertRules } from '@flights/alerts';
import type { InfluxV1Client } from '@flights/influx';
import type { KafkaClients } from '@flights/kafka';
import type { LiveEdge } from '../SnapshotPublisher.ts';
import type { WebMetrics } from '../webMetrics.ts';
import { AlertDispatcher } from './AlertDispatcher.ts';
import { AlertEngine, CATCH_UP_MS, reachesPastEdge, span } from './AlertEngine.ts';
import { AlertLedger } from './AlertLedger.ts';
import { SettledMinutes } from './SettledMinutes.ts';
import { UsualHistory } from './UsualHistory.ts';
import { WebhookNotifier } from './WebhookNotifier.ts';

export interface AlertsServiceOptions {
  rules: AlertRules;
  /** The transitions' topic (ALERTS_TOPIC): every web server writes to it, one dispatcher reads it. */
  topic: string;
  kafka: KafkaClients;
  influx: InfluxV1Client;
  /** The minutes the rules are judged on. */
  live: LiveEdge;
  metrics: WebMetrics;
  /** Called with what fires whenever that changes: the sockets push it. */
  onFiring: (firing: AlertEngine['firing']) => void;
  log: (line: string) => void;
}

/** The minutes before the live edge, when a rule reaches past it (windows up to a day). */
function settledMinutes(influx: InfluxV1Client, rules: AlertRule[]): { settled?: SettledMinutes } {
  const long = rules.filter(reachesPastEdge);
  if (!long.length) return {};
  const reach = Math.max(...long.map(span)) + CATCH_UP_MS;
  return {
    settled: new SettledMinutes(
      influx,
      long.map((rule) => rule.dimension),
      reach,
    ),
  };
}

/**
 * A web server's alerting: the engine that judges the rules on the live
 * minutes and publishes its transitions, the dispatcher that tells each
 * transition once (whichever web server holds the topic's one partition),
 * and what they write with. Started together, closed engine first, so no
 * transition is published into a stopped dispatcher's producer.
 */
export class AlertsService {
  readonly engine: AlertEngine;
  private readonly dispatcher: AlertDispatcher;
  private readonly notifier: WebhookNotifier;
  private readonly producer: ReturnType<KafkaClients['producer']>;

  constructor(options: AlertsServiceOptions) {
    const { kafka, topic, rules, influx, metrics, log } = options;
    const ledger = new AlertLedger(influx);
    this.notifier = new WebhookNotifier({ metrics, log });
    this.dispatcher = new AlertDispatcher({ kafka, topic, rules, ledger, notifier: this.notifier, metrics, log });
    const producer = kafka.producer();
    this.producer = producer;
    this.engine = new AlertEngine({
      rules,
      edge: options.live.edge,
      isLive: options.live.isLive,
      publish: async (records) => {
        await producer.send({ messages: records.map((record) => ({ topic, ...record })) });
      },
      ledger,
      usual: new UsualHistory(influx, rules.rules),
      ...settledMinutes(influx, rules.rules),
      metrics,
      onFiring: options.onFiring,
      log,
    });
  }

  get rules(): AlertRules {
    return this.engine.rules;
  }

  get firing(): AlertEngine['firing'] {
    return this.engine.firing;
  }

  start(): void {
    this.engine.start();
    this.dispatcher.start();
  }

  async close(): Promise<void> {
    await this.engine.stop();
    await this.dispatcher.stop();
    await this.notifier.stop();
    await this.producer.close().catch(() => undefined);
  }
}
