import { io, type Socket } from 'socket.io-client';
import { createKafka, ensureTopics, type StringProducer } from '@flights/kafka';
import { DEFAULT_RANGE, SOCKET_EVENTS, type DashboardSnapshot } from '@flights/schemas/dashboard';
import { pipelineScenario, spawnApp, WEB_SERVER, type PipelineScenario } from '@flights/infra/testing';
import { sampleEvents } from './sampleEvents.ts';

export interface LivePipeline {
  scenario: PipelineScenario;
  webUrl: string;
  producer: StringProducer;
  /** Sends `count` valid events stamped now; resolves when Kafka acknowledged them. */
  send(count: number): Promise<void>;
  /** A socket.io client subscribed to the default window, taking whole snapshots (scripts, older clients). */
  connect(onSnapshot: (snapshot: DashboardSnapshot, receivedAt: number) => void): Promise<Socket>;
  /** What the web server reports on /metrics. */
  webMetrics(): Promise<string>;
  stop(): Promise<void>;
}

export interface LivePipelineOptions {
  /** Events carry delays and cancellations, as on-time files' do (the richest load); default false. */
  delays?: boolean;
  /** The aggregator publishes to the minutes topic (the pushed live edge); false: the web server polls InfluxDB. */
  publish?: boolean;
}

/** An on-time file's fields on a fare template: delays spread over early, on time and late, a few cancelled. */
function withDelays(template: Record<string, unknown>, i: number): Record<string, unknown> {
  if (i % 50 === 0) return { ...template, depDelay: null, arrDelay: null, cancelled: true };
  return { ...template, depDelay: (i % 97) - 10, arrDelay: (i % 113) - 20, cancelled: false };
}

/** The real aggregator and web server on a fresh topic and database, fed by an in-process producer. */
export async function startLivePipeline(name: string, options: LivePipelineOptions = {}): Promise<LivePipeline> {
  const scenario = pipelineScenario(name, 'bench');
  const kafka = createKafka({ brokers: process.env.KAFKA_BROKERS!.split(','), clientId: `bench-${name}` });
  await ensureTopics(kafka, [{ topic: scenario.topic, numPartitions: 6 }]);
  if (options.publish === false) scenario.env.LIVE_PUBLISH_MS = '0';
  const aggregator = scenario.startAggregator();
  const metricsUrl = (await aggregator.waitFor(/metrics on (http:\S+\/metrics)/, 120_000))[1]!;
  const metrics = new URL(metricsUrl);
  const web = spawnApp(WEB_SERVER, [], {
    ...scenario.env,
    WEB_PORT: '0',
    METRICS_HOST: metrics.hostname,
    METRICS_PORT: metrics.port,
  });
  const webUrl = (await web.waitFor(/dashboard on (http:\S+)/, 120_000))[1]!;

  // Real events from the sample file, restamped: the load is what the aggregator sees in production.
  const templates = (await sampleEvents()).map((template, i) => (options.delays ? withDelays(template, i) : template));
  const producer = kafka.producer();
  let serial = 0;

  return {
    scenario,
    webUrl,
    producer,
    async send(count) {
      const ts = Date.now();
      const messages = Array.from({ length: count }, () => {
        serial += 1;
        const id = `bench-${serial}`;
        return {
          topic: scenario.topic,
          key: id,
          value: JSON.stringify({ ...templates[serial % templates.length], id, ts }),
        };
      });
      // At 20k/s a late tick can gather more than the broker takes in one request (1 MB).
      for (let i = 0; i < messages.length; i += 1000) await producer.send({ messages: messages.slice(i, i + 1000) });
    },
    async connect(onSnapshot) {
      const socket = io(webUrl, { transports: ['websocket'], reconnection: false });
      socket.on(SOCKET_EVENTS.snapshot, (snapshot: DashboardSnapshot) => onSnapshot(snapshot, Date.now()));
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
      socket.emit(SOCKET_EVENTS.subscribe, { range: DEFAULT_RANGE });
      return socket;
    },
    webMetrics: async () => (await fetch(new URL('/metrics', webUrl))).text(),
    async stop() {
      await producer.close();
      await web.stop();
      await scenario.cleanup();
    },
  };
}

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
