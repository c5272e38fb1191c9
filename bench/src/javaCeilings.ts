import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installKafkaTools, stackConfig } from '@flights/infra';
import { REPO_ROOT } from '@flights/infra/testing';
import type { Figures } from './results.ts';
import { readyMessages } from './sampleEvents.ts';

/** Distinct payloads ProducerPerformance draws from: real events, as the replayer sends them. */
const PAYLOADS = 10_000;

function java(classpath: string, main: string, args: string[]): string {
  const result = spawnSync('java', ['-Xmx768m', '-cp', `${classpath}/*`, main, ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0)
    throw new Error(`${main} failed (exit ${result.status}):\n${(result.stderr || result.stdout).slice(-2000)}`);
  return result.stdout;
}

/** `500000 records sent, 173762.3 records/sec (81.4 MB/sec), …`: the last summary line. */
export function producerRate(output: string): number {
  const summary = [...output.matchAll(/(\d+) records sent, ([\d.]+) records\/sec/g)].at(-1);
  if (!summary) throw new Error(`no summary in ProducerPerformance's output:\n${output.slice(-1000)}`);
  return Number(summary[2]);
}

/**
 * ConsumerPerformance's CSV line: `start.time, end.time, data.consumed.in.MB,
 * MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms,
 * fetch.MB.sec, fetch.nMsg.sec`. The fetch rate leaves out joining the group,
 * as the aggregator's sustained rate leaves out its start.
 */
export function consumerRate(output: string): { messages: number; perSecond: number } {
  const line = output
    .trim()
    .split('\n')
    .filter((l) => /^\d{4}-\d{2}-\d{2}/.test(l))
    .at(-1);
  const cells = line?.split(',').map((cell) => cell.trim());
  if (!cells || cells.length < 6)
    throw new Error(`no summary in ConsumerPerformance's output:\n${output.slice(-1000)}`);
  const fetchRate = Number(cells[9]);
  return {
    messages: Number(cells[4]),
    perSecond: Number.isFinite(fetchRate) && fetchRate > 0 ? fetchRate : Number(cells[5]),
  };
}

/**
 * The yardstick: Kafka's own Java producer and consumer on this machine, in
 * the same run, on the same events (491 bytes on average), with the
 * replayer's guarantees (acks from all replicas, gzip, idempotent) and the
 * same 6 partitions.
 */
export async function javaCeilings(env: Record<string, string>, rows: number): Promise<Figures> {
  const tools = installKafkaTools(stackConfig().kafkaVersion, (line) => console.error(`[bench] ${line}`));
  const dir = join(REPO_ROOT, 'bench', '.data');
  mkdirSync(dir, { recursive: true });
  const payloads = join(dir, `payloads-${PAYLOADS}.txt`);
  const messages = await readyMessages(PAYLOADS);
  writeFileSync(payloads, `${messages.map((m) => m.value).join('\n')}\n`);
  const bytes = messages.reduce((sum, m) => sum + Buffer.byteLength(m.value), 0) / messages.length;
  const topic = `bench.java.${randomUUID().slice(0, 8)}`;
  const brokers = env.KAFKA_BROKERS!;
  java(tools, 'org.apache.kafka.tools.TopicCommand', [
    '--bootstrap-server',
    brokers,
    '--create',
    '--topic',
    topic,
    '--partitions',
    '6',
    '--replication-factor',
    '1',
  ]);

  const produced = java(tools, 'org.apache.kafka.tools.ProducerPerformance', [
    '--topic',
    topic,
    '--num-records',
    String(rows),
    '--throughput',
    '-1',
    '--payload-file',
    payloads,
    // Batches as large as the replayer's (2,000 events, about 1 MB, 50 ms linger): with the default 16 KB
    // batches gzip compresses 35 events at a time and the Java producer reached half of this (57,451/s).
    '--producer-props',
    `bootstrap.servers=${brokers}`,
    'acks=all',
    'compression.type=gzip',
    'enable.idempotence=true',
    'batch.size=1048576',
    'linger.ms=50',
    'max.request.size=2097152',
  ]);
  const produce = producerRate(produced);
  console.error(`Java producer: ${rows} events of ${Math.round(bytes)} bytes on average, ${Math.round(produce)}/s`);

  const consumed = java(tools, 'org.apache.kafka.tools.ConsumerPerformance', [
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--messages',
    String(rows),
    '--group',
    `bench-java-${topic}`,
    '--timeout',
    '60000',
  ]);
  const consume = consumerRate(consumed);
  if (consume.messages < rows) throw new Error(`ConsumerPerformance read ${consume.messages} of ${rows} messages`);
  console.error(`Java consumer: ${consume.messages} events, ${Math.round(consume.perSecond)}/s`);
  return {
    java_events: rows,
    java_event_bytes: Math.round(bytes),
    java_produce_events_per_s: Math.round(produce),
    java_consume_events_per_s: Math.round(consume.perSecond),
  };
}

/** The ratios the README leads with, when the parts ran in the same run. */
export function ceilingRatios(figures: Figures): Figures {
  const ratio = (a: unknown, b: unknown) =>
    typeof a === 'number' && typeof b === 'number' && b > 0 ? Math.round((a / b) * 100) / 100 : undefined;
  const out: Figures = {};
  const pairs: [name: string, part: string, ceiling: string][] = [
    ['replayer_vs_java_produce', 'replayer_rows_per_s', 'java_produce_events_per_s'],
    ['aggregator_vs_java_consume', 'aggregator_events_per_s', 'java_consume_events_per_s'],
    // The project's client alone against the same yardsticks: how much of the gap is the client's.
    ['platformatic_vs_java_produce', 'platformatic_produce_rows_per_s', 'java_produce_events_per_s'],
    ['platformatic_vs_java_consume', 'platformatic_consume_events_per_s', 'java_consume_events_per_s'],
  ];
  for (const [name, part, ceiling] of pairs) {
    const value = ratio(figures[part], figures[ceiling]);
    if (value !== undefined) out[name] = value;
  }
  return out;
}
