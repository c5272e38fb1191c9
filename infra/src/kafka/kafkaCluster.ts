import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKafka } from '@flights/kafka';
import { StackError } from '../errors.ts';
import { isPortFree, killDaemon, readPid, spawnDaemon, stopDaemon, waitUntil } from '../process.ts';
import type { StackConfig } from '../stackConfig.ts';
import { installKafka } from './installKafka.ts';
import { formatStorage, kafkaAnswers, kafkaJvmArgs, LOCAL_BROKER_PROPERTIES, newClusterId } from './kafkaServer.ts';

/** Brokers in the cluster stack: three, as production runs them, so one may die and writes go on. */
export const CLUSTER_SIZE = 3;

/** One node of the cluster: broker and KRaft controller in one JVM (combined mode), with its own folder. */
export interface ClusterNode {
  id: number;
  brokerPort: number;
  controllerPort: number;
  home: string;
  data: string;
  properties: string;
  pidFile: string;
  logFile: string;
}

/**
 * The cluster's nodes: ids 1 to 3, brokers on kafkaPort, +1, +2, controllers on kafkaControllerPort, +1, +2
 * (by default kafkaPort+3: the ports stay together), each in `<dir>/kafka-<id>`.
 */
export function clusterNodes(config: StackConfig): ClusterNode[] {
  return Array.from({ length: CLUSTER_SIZE }, (_, i) => {
    const home = join(config.dir, `kafka-${i + 1}`);
    return {
      id: i + 1,
      brokerPort: config.kafkaPort + i,
      controllerPort: config.kafkaControllerPort + i,
      home,
      data: join(home, 'data'),
      properties: join(home, 'server.properties'),
      pidFile: join(home, 'kafka.pid'),
      logFile: join(home, 'kafka.log'),
    };
  });
}

export const clusterBrokers = (config: StackConfig) =>
  clusterNodes(config).map((node) => `127.0.0.1:${node.brokerPort}`);

/**
 * A node's settings. Production defaults for a three-broker cluster: every topic replicated three times, a write
 * acknowledged (acks=all) once two replicas have it, the group and transaction logs the same, and no unclean
 * leader election (a replica that missed writes never leads).
 */
function nodeProperties(node: ClusterNode, nodes: ClusterNode[]): string {
  return [
    '# Written by infra/src/kafka/kafkaCluster.ts on every start; edit that file instead.',
    'process.roles=broker,controller',
    `node.id=${node.id}`,
    `controller.quorum.voters=${nodes.map((n) => `${n.id}@127.0.0.1:${n.controllerPort}`).join(',')}`,
    `listeners=PLAINTEXT://127.0.0.1:${node.brokerPort},CONTROLLER://127.0.0.1:${node.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${node.brokerPort}`,
    'inter.broker.listener.name=PLAINTEXT',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    `log.dirs=${node.data}`,
    'num.partitions=1',
    'auto.create.topics.enable=false',
    `default.replication.factor=${CLUSTER_SIZE}`,
    'min.insync.replicas=2',
    `offsets.topic.replication.factor=${CLUSTER_SIZE}`,
    'offsets.topic.num.partitions=10',
    `transaction.state.log.replication.factor=${CLUSTER_SIZE}`,
    'transaction.state.log.min.isr=2',
    'unclean.leader.election.enable=false',
    ...LOCAL_BROKER_PROPERTIES,
    '',
  ].join('\n');
}

/** Every node's storage formatted once, with one cluster id for all three (kept in `<dir>/cluster-id`). */
function formatOnce(config: StackConfig, nodes: ClusterNode[], classpath: string): void {
  const idFile = join(config.dir, 'cluster-id');
  const clusterId = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : newClusterId();
  mkdirSync(config.dir, { recursive: true });
  writeFileSync(idFile, `${clusterId}\n`);
  for (const node of nodes)
    if (!existsSync(join(node.data, 'meta.properties')))
      formatStorage(node.data, node.properties, classpath, clusterId);
}

/** Starts one node (its storage must be formatted); resolves once its process is spawned. */
export function startNode(config: StackConfig, node: ClusterNode, classpath: string): number {
  const running = readPid(node.pidFile);
  if (running !== undefined) return running;
  return spawnDaemon({
    command: 'java',
    args: kafkaJvmArgs({
      heapMb: config.kafkaHeapMb,
      version: config.kafkaVersion,
      home: node.home,
      classpath,
      properties: node.properties,
    }),
    logFile: node.logFile,
    pidFile: node.pidFile,
  });
}

/** The brokers the cluster's metadata lists now, by id. */
export async function liveBrokerIds(brokers: string[]): Promise<number[]> {
  const admin = createKafka({ brokers, clientId: 'stack-probe', retries: 0 }).admin();
  try {
    return [...(await admin.metadata({ topics: [] })).brokers.keys()].sort();
  } catch {
    return [];
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Starts the nodes not running; resolves once all three are in the cluster's metadata. */
export async function startKafkaCluster(
  config: StackConfig,
  log: (line: string) => void,
): Promise<'started' | 'running'> {
  const nodes = clusterNodes(config);
  const brokers = clusterBrokers(config);
  if (nodes.every((node) => readPid(node.pidFile) !== undefined)) {
    await waitUntil('the Kafka cluster', async () => (await liveBrokerIds(brokers)).length === CLUSTER_SIZE, {
      timeoutMs: 90_000,
    });
    return 'running';
  }
  for (const node of nodes.filter((n) => readPid(n.pidFile) === undefined))
    for (const port of [node.brokerPort, node.controllerPort])
      if (!(await isPortFree(port)))
        throw new StackError(
          `port ${port} on 127.0.0.1 is taken by another process; stop it or set CLUSTER_KAFKA_PORT`,
        );
  const classpath = `${installKafka(config.kafkaVersion, log)}/*`;
  for (const node of nodes) {
    mkdirSync(node.data, { recursive: true });
    writeFileSync(node.properties, nodeProperties(node, nodes));
  }
  formatOnce(config, nodes, classpath);
  const pids = nodes.map((node) => startNode(config, node, classpath));
  log(`Kafka ${config.kafkaVersion} cluster starting (pids ${pids.join(', ')}) on ${brokers.join(', ')}`);
  await waitUntil('the Kafka cluster', async () => (await liveBrokerIds(brokers)).length === CLUSTER_SIZE, {
    timeoutMs: 120_000,
    logFile: nodes[0]!.logFile,
  });
  return 'started';
}

export async function stopKafkaCluster(config: StackConfig): Promise<boolean> {
  const stopped = await Promise.all(clusterNodes(config).map((node) => stopDaemon(node.pidFile, 30_000)));
  return stopped.some(Boolean);
}

/** A node killed as a crash does it (SIGKILL), or stopped cleanly (SIGTERM: it hands its leaderships over first). */
export async function stopNode(node: ClusterNode, how: 'kill' | 'stop'): Promise<void> {
  if (how === 'kill') await killDaemon(node.pidFile);
  else await stopDaemon(node.pidFile, 30_000);
}

/** Starts a stopped node again and waits until it answers (it then catches its replicas up). */
export async function restartNode(config: StackConfig, node: ClusterNode, log: (line: string) => void): Promise<void> {
  const classpath = `${installKafka(config.kafkaVersion, log)}/*`;
  startNode(config, node, classpath);
  await waitUntil(`Kafka node ${node.id}`, () => kafkaAnswers([`127.0.0.1:${node.brokerPort}`]), {
    timeoutMs: 90_000,
    logFile: node.logFile,
  });
}

export interface PartitionLeadership {
  /** Partitions led, per broker id (every live broker listed, 0 included). */
  leaders: Map<number, number>;
  /** Partitions whose in-sync replicas are fewer than their replicas. */
  underReplicated: number;
  /** Those partitions, as topic-partition (replicas / in sync). */
  shortOfReplicas: string[];
  partitions: number;
}

/** Who leads the topics' partitions now, and how many are short of in-sync replicas. */
export async function partitionLeadership(brokers: string[], topics: string[]): Promise<PartitionLeadership> {
  const admin = createKafka({ brokers, clientId: 'stack-probe', retries: 2 }).admin();
  try {
    const metadata = await admin.metadata({ topics, forceUpdate: true });
    const leaders = new Map([...metadata.brokers.keys()].map((id) => [id, 0]));
    const shortOfReplicas: string[] = [];
    let partitions = 0;
    for (const [name, topic] of metadata.topics)
      topic.partitions.forEach((partition, i) => {
        partitions += 1;
        leaders.set(partition.leader, (leaders.get(partition.leader) ?? 0) + 1);
        if (partition.isr.length < partition.replicas.length)
          shortOfReplicas.push(`${name}-${i} (${partition.replicas.join(',')} / ${partition.isr.join(',')})`);
      });
    return { leaders, underReplicated: shortOfReplicas.length, shortOfReplicas, partitions };
  } finally {
    await admin.close().catch(() => undefined);
  }
}
