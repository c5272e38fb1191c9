import { isAbsolute, join, resolve } from 'node:path';
import { LOCAL_DIR, REPO_ROOT } from './paths.ts';
import { loadDotEnv } from '@flights/config';
import { kafkaVersion } from './kafka/installKafka.ts';

/**
 * Where one local stack listens and keeps its data. The demo uses the
 * defaults; the test suite sets STACK_DIR and the ports to run its own stack
 * beside a running demo without touching the demo's data.
 */
export interface StackConfig {
  /** Data, logs and pid files of this stack. */
  dir: string;
  kafkaPort: number;
  kafkaControllerPort: number;
  influxPort: number;
  /** InfluxDB's backup/restore RPC port, bound to loopback too. */
  influxRpcPort: number;
  kafkaHeapMb: number;
  /** The broker release this stack runs (KAFKA_VERSION; default: infra/kafka/pom.xml's kafka.version). */
  kafkaVersion: string;
}

function portFrom(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`${name}="${raw}" is not a TCP port`);
  }
  return port;
}

export function stackConfig(env: NodeJS.ProcessEnv = process.env): StackConfig {
  if (env === process.env) loadDotEnv(REPO_ROOT);
  const kafkaPort = portFrom(env, 'KAFKA_PORT', 9092);
  const influxPort = portFrom(env, 'INFLUX_PORT', 8086);
  const rawDir = env.STACK_DIR || join(LOCAL_DIR, 'stack');
  return {
    dir: isAbsolute(rawDir) ? rawDir : resolve(REPO_ROOT, rawDir),
    kafkaPort,
    kafkaControllerPort: portFrom(env, 'KAFKA_CONTROLLER_PORT', kafkaPort + 1),
    influxPort,
    influxRpcPort: portFrom(env, 'INFLUX_RPC_PORT', influxPort + 2),
    kafkaHeapMb: Number(env.KAFKA_HEAP_MB || 768),
    kafkaVersion: env.KAFKA_VERSION || kafkaVersion(),
  };
}

/** The settings the apps need to reach this stack. */
export function stackEnv(config: StackConfig): Record<string, string> {
  return {
    KAFKA_BROKERS: `127.0.0.1:${config.kafkaPort}`,
    INFLUX_URL: `http://127.0.0.1:${config.influxPort}`,
  };
}
