import { setTimeout as sleep } from 'node:timers/promises';
import { type AlertNotification, type AlertReceiver, slackBody } from '@flights/alerts';
import type { WebMetrics } from '../webMetrics.ts';

export interface WebhookNotifierOptions {
  metrics: WebMetrics;
  log: (line: string) => void;
  /** Tries per notification before it is given up (counted as failed); default 8: about four minutes. */
  attempts?: number;
  /** The first wait between tries, doubling up to a minute; default 1 s. */
  firstBackoffMs?: number;
  /** One request's limit; default 10 s. */
  timeoutMs?: number;
}

/** A receiver's answer worth another try: no answer, 429, or a 5xx. A 4xx says the body will never be taken. */
const retriable = (status: number | undefined) => status === undefined || status === 429 || status >= 500;

/**
 * Posts notifications to webhooks, each in the background with retries and backoff: a slow or dead receiver never
 * holds up the evaluation or the other receivers. Every request carries the transition's key as `Idempotency-Key`
 * (and in the JSON body): a retry, or the same transition from another web server, has the same key.
 */
export class WebhookNotifier {
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = new AbortController();
  private readonly options: WebhookNotifierOptions;

  constructor(options: WebhookNotifierOptions) {
    this.options = options;
  }

  notify(receiver: AlertReceiver, notification: AlertNotification): void {
    const delivery = this.deliver(receiver, notification).finally(() => this.inFlight.delete(delivery));
    this.inFlight.add(delivery);
  }

  /** Gives up what is still retrying (a stopping server), after the requests under way end. */
  async stop(): Promise<void> {
    this.stopped.abort();
    await Promise.allSettled([...this.inFlight]);
    this.stopped = new AbortController();
  }

  private async deliver(receiver: AlertReceiver, notification: AlertNotification): Promise<void> {
    const { metrics, log, attempts = 8, firstBackoffMs = 1000 } = this.options;
    const body = JSON.stringify(receiver.format === 'slack' ? slackBody(notification) : notification);
    for (let attempt = 1; attempt <= attempts; attempt += 1) {
      const status = await this.post(receiver.url, body, notification.key);
      if (status !== undefined && status < 300) {
        metrics.alertNotifications.inc({ receiver: receiver.name, outcome: 'sent' });
        return;
      }
      if (!retriable(status) || attempt === attempts || this.stopped.signal.aborted) {
        metrics.alertNotifications.inc({ receiver: receiver.name, outcome: 'failed' });
        log(
          `[web] alert ${notification.key} to ${receiver.name}: gave up after ${attempt} tries (${status ?? 'no answer'})`,
        );
        return;
      }
      metrics.alertNotifications.inc({ receiver: receiver.name, outcome: 'retried' });
      const wait = Math.min(60_000, firstBackoffMs * 2 ** (attempt - 1));
      await sleep(wait, undefined, { signal: this.stopped.signal }).catch(() => undefined);
    }
  }

  /** The HTTP status, or undefined when there was no answer. */
  private async post(url: string, body: string, key: string): Promise<number | undefined> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 10_000),
      });
      await response.body?.cancel();
      return response.status;
    } catch {
      return undefined;
    }
  }
}
