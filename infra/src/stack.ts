import { installInflux, influxStatus, startInflux, stopInflux } from './influx/influxServer.ts';
import { installKafka } from './kafka/installKafka.ts';
import { clusterNodes, startKafkaCluster, stopKafkaCluster } from './kafka/kafkaCluster.ts';
import { kafkaStatus, startKafka, stopKafka } from './kafka/kafkaServer.ts';
import { readPid } from './process.ts';
import { ensureCredentials } from './secure/credentials.ts';
import { secureEnv, writeSecureEnv, type SecureMaterial } from './secure/secureEnv.ts';
import { ensureTlsMaterial } from './secure/tlsMaterial.ts';
import { stackConfig, stackEnv, type StackConfig } from './stackConfig.ts';

export { StackError } from './errors.ts';
export { stackConfig, stackEnv, type StackConfig } from './stackConfig.ts';

type Log = (line: string) => void;

export interface StackUp {
  config: StackConfig;
  /** Which servers this call started (and so whoever called it should stop). */
  started: { kafka: boolean; influx: boolean };
  /** What the apps need to use this stack; a secure stack's is also in its secure.env. */
  env: Record<string, string>;
  /** A secure stack's CA, certificates and passwords. */
  secure?: SecureMaterial;
}

export async function installStack(log: Log, config: StackConfig = stackConfig()): Promise<void> {
  installKafka(config.kafkaVersion, log);
  await installInflux(config.influxVersion, log);
}

/** Starts what is not running; reuses what is. Resolves once both servers answer. */
export async function stackUp(config: StackConfig = stackConfig(), log: Log = console.log): Promise<StackUp> {
  await installStack(log, config);
  const secure = config.secure
    ? { tls: ensureTlsMaterial(config.dir, log), credentials: ensureCredentials(config.dir) }
    : undefined;
  // Kafka's JVM takes the longer to start: start both, wait for both. If one
  // fails, the other is stopped again if this call started it: no orphans.
  const [kafka, influx] = await Promise.allSettled([
    config.cluster ? startKafkaCluster(config, log) : startKafka(config, log, secure),
    startInflux(config, log, secure),
  ]);
  if (kafka.status === 'rejected' || influx.status === 'rejected') {
    await stackDown(config, {
      kafka: kafka.status === 'fulfilled' && kafka.value === 'started',
      influx: influx.status === 'fulfilled' && influx.value === 'started',
    });
    throw kafka.status === 'rejected' ? kafka.reason : (influx as PromiseRejectedResult).reason;
  }
  const started = { kafka: kafka.value === 'started', influx: influx.value === 'started' };
  if (!secure) return { config, started, env: stackEnv(config) };
  writeSecureEnv(config, secure);
  return { config, started, env: secureEnv(config, secure), secure };
}

export async function stackDown(
  config: StackConfig = stackConfig(),
  which = { kafka: true, influx: true },
): Promise<void> {
  const kafka = config.cluster ? stopKafkaCluster : stopKafka;
  await Promise.all([which.kafka ? kafka(config) : false, which.influx ? stopInflux(config) : false]);
}

export function stackStatus(config: StackConfig = stackConfig()) {
  const nodes = config.cluster
    ? clusterNodes(config).map((node) => ({
        id: node.id,
        address: `127.0.0.1:${node.brokerPort}`,
        pid: readPid(node.pidFile),
        logFile: node.logFile,
      }))
    : [{ id: 1, address: `127.0.0.1:${config.kafkaPort}`, ...kafkaStatus(config) }];
  return {
    dir: config.dir,
    kafka: { version: config.kafkaVersion, address: `127.0.0.1:${config.kafkaPort}`, ...kafkaStatus(config), nodes },
    influx: { address: stackEnv(config).INFLUX_URL!, ...influxStatus(config) },
  };
}
