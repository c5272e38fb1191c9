import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka, type KafkaSecurity } from '@flights/kafka';
import { run } from '../commands.ts';
import { StackError } from '../errors.ts';
import { isPortFree, readPid, spawnDaemon, stopDaemon, waitUntil } from '../process.ts';
import type { SecureMaterial } from '../secure/secureEnv.ts';
import type { StackConfig } from '../stackConfig.ts';
import { compareReleases, installKafka, kafkaLogging } from './installKafka.ts';

function kafkaPaths(config: StackConfig) {
  const home = join(config.dir, 'kafka');
  return {
    home,
    data: join(home, 'data'),
    properties: join(home, 'server.properties'),
    pidFile: join(home, 'kafka.pid'),
    logFile: join(home, 'kafka.log'),
  };
}

/** The listener lines: one PLAINTEXT listener, or (secure) only SASL_SSL with PLAIN and SCRAM, TLS from a throwaway CA. */
function listenerProperties(config: StackConfig, secure: SecureMaterial | undefined): string[] {
  const controller = `CONTROLLER://127.0.0.1:${config.kafkaControllerPort}`;
  if (!secure) {
    return [
      `listeners=PLAINTEXT://127.0.0.1:${config.kafkaPort},${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${config.kafkaPort}`,
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    ];
  }
  const {
    tls,
    credentials: { kafkaAdmin: admin, kafkaUser: user },
  } = secure;
  const jaas = (module: string, extra = '') =>
    `org.apache.kafka.common.security.${module} required username="${admin.user}" password="${admin.password}"${extra};`;
  return [
    `listeners=SASL_SSL://127.0.0.1:${config.kafkaPort},${controller}`,
    `advertised.listeners=SASL_SSL://127.0.0.1:${config.kafkaPort}`,
    'inter.broker.listener.name=SASL_SSL',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL',
    'sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512',
    'sasl.mechanism.inter.broker.protocol=SCRAM-SHA-512',
    `listener.name.sasl_ssl.plain.sasl.jaas.config=${jaas('plain.PlainLoginModule', ` user_${admin.user}="${admin.password}" user_${user.user}="${user.password}"`)}`,
    'listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;',
    `listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=${jaas('scram.ScramLoginModule')}`,
    'ssl.keystore.type=PKCS12',
    `ssl.keystore.location=${tls.keystore}`,
    `ssl.keystore.password=${tls.keystorePassword}`,
    `ssl.key.password=${tls.keystorePassword}`,
    'ssl.truststore.type=PEM',
    `ssl.truststore.location=${tls.caCert}`,
    // A client certificate is asked for but not required: mTLS clients are verified, SASL ones need none.
    'ssl.client.auth=requested',
    'ssl.endpoint.identification.algorithm=https',
  ];
}

/** What every broker of a local stack sets, single or in the cluster: groups start at once, a week of data, topics deletable. */
export const LOCAL_BROKER_PROPERTIES = [
  'group.initial.rebalance.delay.ms=0',
  'log.retention.hours=168',
  'log.segment.bytes=268435456',
  'delete.topic.enable=true',
] as const;

function serverProperties(config: StackConfig, dataDir: string, secure: SecureMaterial | undefined): string {
  return [
    '# Written by infra/src/kafka/kafkaServer.ts on every start; edit that file instead.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${config.kafkaControllerPort}`,
    ...listenerProperties(config, secure),
    'controller.listener.names=CONTROLLER',
    `log.dirs=${dataDir}`,
    'num.partitions=1',
    // Topics are created on purpose, with their partition count, by the apps.
    'auto.create.topics.enable=false',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=10',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'min.insync.replicas=1',
    ...LOCAL_BROKER_PROPERTIES,
    '',
  ].join('\n');
}

/** SCRAM users are written into the metadata log when the storage is formatted (KIP-900): the broker needs its own to start. */
function scramArguments(secure: SecureMaterial | undefined): string[] {
  if (!secure) return [];
  const { kafkaAdmin: admin, kafkaUser: user } = secure.credentials;
  const scram = (mechanism: string, c: { user: string; password: string }) => [
    '--add-scram',
    `${mechanism}=[name=${c.user},password=${c.password}]`,
  ];
  return [...scram('SCRAM-SHA-512', admin), ...scram('SCRAM-SHA-256', user), ...scram('SCRAM-SHA-512', user)];
}

/** A fresh KRaft cluster id; a base64url id may start with "-", which kafka-storage's parser takes for an option. */
export function newClusterId(): string {
  let clusterId = randomBytes(16).toString('base64url');
  while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
  return clusterId;
}

/** Formats one node's storage (kafka-storage format) under `clusterId`; `extra`: SCRAM users and the like. */
export function formatStorage(
  dataDir: string,
  properties: string,
  classpath: string,
  clusterId: string,
  extra: string[] = [],
): void {
  const args = ['-cp', classpath, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', properties, ...extra];
  const format = run('java', args);
  if (!format.ok) throw new StackError(`formatting Kafka storage in ${dataDir} failed:\n${format.output}`);
}

/**
 * KRaft storage is formatted once per data folder with a fresh cluster id.
 * The folder remembers which release formatted it: a newer broker upgrades
 * it in place, an older one cannot read it and would fail deep in its log.
 */
function formatStorageOnce(
  dataDir: string,
  properties: string,
  classpath: string,
  version: string,
  secure: SecureMaterial | undefined,
): void {
  const formattedBy = join(dataDir, 'formatted-by-kafka');
  if (existsSync(join(dataDir, 'meta.properties'))) {
    // Folders from before this marker were all formatted by 3.9.1.
    const previous = existsSync(formattedBy) ? readFileSync(formattedBy, 'utf8').trim() : '3.9.1';
    if (compareReleases(previous, version) > 0) {
      throw new StackError(
        `the Kafka data in ${dataDir} was written by Kafka ${previous}; Kafka ${version} cannot read it. Use another STACK_DIR, or remove that folder`,
      );
    }
    return;
  }
  formatStorage(dataDir, properties, classpath, newClusterId(), scramArguments(secure));
  writeFileSync(formattedBy, `${version}\n`);
}

export function kafkaStatus(config: StackConfig): { pid?: number; logFile: string } {
  const paths = kafkaPaths(config);
  return { pid: readPid(paths.pidFile), logFile: paths.logFile };
}

/** One metadata round trip: the broker is up only when it answers this, not when the port opens. */
export async function kafkaAnswers(
  brokers: string[],
  timeoutMs = 3000,
  security: KafkaSecurity = {},
): Promise<boolean> {
  const admin = createKafka({ brokers, clientId: 'stack-probe', security, retries: 0 }).admin();
  const timeout = setTimeout(() => void admin.close().catch(() => undefined), timeoutMs);
  try {
    const cluster = await admin.metadata({ topics: [] });
    return cluster.brokers.size > 0;
  } catch {
    return false;
  } finally {
    clearTimeout(timeout);
    await admin.close().catch(() => undefined);
  }
}

/** How the stack's own probe connects: as the admin, over TLS, on a secure stack. */
export function probeSecurity(secure: SecureMaterial | undefined): KafkaSecurity {
  if (!secure) return {};
  const { kafkaAdmin: admin } = secure.credentials;
  return {
    tls: { ca: [readFileSync(secure.tls.caCert, 'utf8')] },
    sasl: { mechanism: 'SCRAM-SHA-512', username: admin.user, password: admin.password },
  };
}

/** The broker's JVM command line: a fixed heap, G1 with short pauses, its log4j configuration and logs folder. */
export function kafkaJvmArgs(options: {
  heapMb: number;
  version: string;
  home: string;
  classpath: string;
  properties: string;
}): string[] {
  return [
    `-Xms${options.heapMb}m`,
    `-Xmx${options.heapMb}m`,
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-Djava.awt.headless=true',
    kafkaLogging(options.version).jvmFlag,
    `-Dkafka.logs.dir=${options.home}`,
    '-cp',
    options.classpath,
    'kafka.Kafka',
    options.properties,
  ];
}

export async function startKafka(
  config: StackConfig,
  log: (line: string) => void,
  secure?: SecureMaterial,
): Promise<'started' | 'running'> {
  const paths = kafkaPaths(config);
  const brokers = [`127.0.0.1:${config.kafkaPort}`];
  const answers = () => kafkaAnswers(brokers, 3000, probeSecurity(secure));
  const running = readPid(paths.pidFile);
  if (running !== undefined) {
    await waitUntil(`Kafka (pid ${running})`, answers, { timeoutMs: 60_000, pid: running, logFile: paths.logFile });
    return 'running';
  }
  for (const port of [config.kafkaPort, config.kafkaControllerPort]) {
    if (!(await isPortFree(port))) {
      throw new StackError(
        `port ${port} on 127.0.0.1 is taken by another process; stop it or set KAFKA_PORT / KAFKA_CONTROLLER_PORT`,
      );
    }
  }
  const version = config.kafkaVersion;
  const libs = installKafka(version, log);
  mkdirSync(paths.data, { recursive: true });
  writeFileSync(paths.properties, serverProperties(config, paths.data, secure), { mode: 0o600 });
  const classpath = `${libs}/*`;
  formatStorageOnce(paths.data, paths.properties, classpath, version, secure);
  const pid = spawnDaemon({
    command: 'java',
    args: kafkaJvmArgs({
      heapMb: config.kafkaHeapMb,
      version,
      home: paths.home,
      classpath,
      properties: paths.properties,
    }),
    logFile: paths.logFile,
    pidFile: paths.pidFile,
  });
  log(`Kafka ${version} starting (pid ${pid}) on 127.0.0.1:${config.kafkaPort}${secure ? ' (SASL_SSL)' : ''}`);
  await waitUntil('Kafka', answers, { timeoutMs: 90_000, pid, logFile: paths.logFile, stopOnTimeout: paths.pidFile });
  return 'started';
}

export async function stopKafka(config: StackConfig): Promise<boolean> {
  // A broker shutting down cleanly writes its logs' checkpoints; give it time before SIGKILL.
  return stopDaemon(kafkaPaths(config).pidFile, 30_000);
}
