import { isAbsolute, join, resolve } from 'node:path';
import { LOCAL_DIR, REPO_ROOT } from './paths.ts';
import { loadDotEnv } from '@flights/config';
import { checkInfluxVersion, INFLUXDB_VERSIONS, influxMajor } from './influx/influxVersions.ts';
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
  /**
   * The InfluxDB release this stack runs (INFLUXDB_VERSION; default: Debian's 1.6.7). Others are built from
   * their Go modules once (infra/src/influx/influxVersions.ts lists the tested ones); 2.x keeps its data apart.
   */
  influxVersion: string;
  /**
   * Kafka with only a SASL_SSL listener and InfluxDB with auth and https
   * (`stack up --secure`): a stack of its own, in `<STACK_DIR>/secure`, on
   * SECURE_KAFKA_PORT (KAFKA_PORT+2) and SECURE_INFLUX_PORT (INFLUX_PORT+10).
   */
  secure: boolean;
  /**
   * Three Kafka brokers (KRaft, combined mode) instead of one, topics replicated three times with
   * min.insync.replicas=2 (`stack up --cluster`): a stack of its own, in `<STACK_DIR>/cluster`, brokers on
   * CLUSTER_KAFKA_PORT (KAFKA_PORT+100) and the two ports after it, InfluxDB on CLUSTER_INFLUX_PORT (INFLUX_PORT+100).
   */
  cluster: boolean;
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

export function stackConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { secure?: boolean; cluster?: boolean } = {},
): StackConfig {
  if (env === process.env) loadDotEnv(REPO_ROOT);
  const plainKafkaPort = portFrom(env, 'KAFKA_PORT', 9092);
  const plainInfluxPort = portFrom(env, 'INFLUX_PORT', 8086);
  const rawDir = env.STACK_DIR || join(LOCAL_DIR, 'stack');
  const plainDir = isAbsolute(rawDir) ? rawDir : resolve(REPO_ROOT, rawDir);
  const secure = options.secure ?? false;
  const cluster = !secure && (options.cluster ?? false);
  const kafkaHeapMb = Number(env.KAFKA_HEAP_MB || (cluster ? 512 : 768));
  const kafkaVersionUsed = env.KAFKA_VERSION || kafkaVersion();
  const influxVersion = env.INFLUXDB_VERSION || INFLUXDB_VERSIONS.debian;
  const badVersion = checkInfluxVersion(influxVersion);
  if (badVersion) throw new Error(badVersion);
  if (cluster) {
    const kafkaPort = portFrom(env, 'CLUSTER_KAFKA_PORT', plainKafkaPort + 100);
    const influxPort = portFrom(env, 'CLUSTER_INFLUX_PORT', plainInfluxPort + 100);
    return {
      dir: join(plainDir, 'cluster'),
      kafkaPort,
      kafkaControllerPort: kafkaPort + 3,
      influxPort,
      influxRpcPort: influxPort + 2,
      kafkaHeapMb,
      kafkaVersion: kafkaVersionUsed,
      influxVersion,
      secure,
      cluster,
    };
  }
  const kafkaPort = secure ? portFrom(env, 'SECURE_KAFKA_PORT', plainKafkaPort + 2) : plainKafkaPort;
  const influxPort = secure ? portFrom(env, 'SECURE_INFLUX_PORT', plainInfluxPort + 10) : plainInfluxPort;
  return {
    dir: secure ? join(plainDir, 'secure') : plainDir,
    kafkaPort,
    kafkaControllerPort: secure ? kafkaPort + 1 : portFrom(env, 'KAFKA_CONTROLLER_PORT', kafkaPort + 1),
    influxPort,
    influxRpcPort: secure ? influxPort + 2 : portFrom(env, 'INFLUX_RPC_PORT', influxPort + 2),
    kafkaHeapMb,
    kafkaVersion: kafkaVersionUsed,
    influxVersion,
    secure,
    cluster,
  };
}

/** This stack's InfluxDB folder: 2.x keeps its data apart (a bolt file and its own engine), 1.x and 2.x folders are not interchangeable. */
export function influxHome(config: StackConfig): string {
  return influxHomes(config)[0]!;
}

/** Both InfluxDB folders a stack may have, this INFLUXDB_VERSION's first. */
export function influxHomes(config: StackConfig): [string, string] {
  const [one, two] = [join(config.dir, 'influxdb'), join(config.dir, 'influxdb2')];
  return influxMajor(config.influxVersion) === 2 ? [two, one] : [one, two];
}

/** The settings the apps need to reach this stack (a secure stack's are in its secure.env: see secure/secureEnv.ts). */
export function stackEnv(config: StackConfig): Record<string, string> {
  return {
    KAFKA_BROKERS: config.cluster
      ? [0, 1, 2].map((i) => `127.0.0.1:${config.kafkaPort + i}`).join(',')
      : `127.0.0.1:${config.kafkaPort}`,
    INFLUX_URL: `${config.secure ? 'https' : 'http'}://127.0.0.1:${config.influxPort}`,
    // 2.x: the operator token made at onboarding (infra/src/influx/influx2Setup.ts).
    ...(influxMajor(config.influxVersion) === 2
      ? { INFLUX_TOKEN_FILE: join(influxHome(config), 'operator-token') }
      : {}),
  };
}
