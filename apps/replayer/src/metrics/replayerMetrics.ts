import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { type KafkaClientCounts, NO_KAFKA_CLIENT_COUNTS, registerKafkaClientMetrics } from '@flights/metrics';
import { REPLAYER_METRICS } from '@flights/schemas';
import type { LiveCounts } from '../replay/replayFiles.ts';

/** Seconds the current send rate is averaged over. */
const RATE_WINDOW_S = 5;

/** A counter that reports a value kept elsewhere (the replay's own counts) at each scrape. */
function mirroredCounter(registry: Registry, name: string, help: string, value: () => number): Counter {
  return new Counter({
    name,
    help,
    registers: [registry],
    collect() {
      this.reset();
      this.inc(value());
    },
  });
}

/**
 * The replayer's /metrics while it runs: rows read, events sent and
 * acknowledged, rows rejected by reason, files that failed, and the send
 * rate over the last five seconds. Read from the replay's live counts at each
 * scrape, so the replay's loop pays nothing for them.
 */
export function createReplayerMetrics(
  live: LiveCounts,
  acknowledged: () => number,
  kafka: KafkaClientCounts = NO_KAFKA_CLIENT_COUNTS,
): { registry: Registry; stop: () => void } {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'replayer_' });
  registerKafkaClientMetrics(registry, 'replayer', kafka);
  mirroredCounter(registry, REPLAYER_METRICS.rowsRead, 'Rows read from the input files', () => live.rows);
  mirroredCounter(registry, REPLAYER_METRICS.sent, 'Valid events handed to Kafka', () => live.sent);
  mirroredCounter(registry, REPLAYER_METRICS.acknowledged, 'Events Kafka acknowledged (acks=all)', acknowledged);
  mirroredCounter(registry, REPLAYER_METRICS.failedFiles, 'Input files that could not be read', () => live.failedFiles);
  new Counter({
    name: REPLAYER_METRICS.rejected,
    help: 'Rows rejected (dead-lettered), by reason',
    labelNames: ['reason'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [reason, count] of Object.entries(live.rejectedByReason)) this.inc({ reason }, count);
    },
  });
  const samples: { at: number; sent: number }[] = [];
  const sampler = setInterval(() => {
    samples.push({ at: Date.now(), sent: live.sent });
    if (samples.length > RATE_WINDOW_S + 1) samples.shift();
  }, 1000);
  sampler.unref();
  new Gauge({
    name: REPLAYER_METRICS.rate,
    help: `Events sent per second over the last ${RATE_WINDOW_S} s`,
    registers: [registry],
    collect() {
      const first = samples[0];
      const last = samples.at(-1);
      this.set(first && last && last.at > first.at ? ((last.sent - first.sent) * 1000) / (last.at - first.at) : 0);
    },
  });
  return { registry, stop: () => clearInterval(sampler) };
}
