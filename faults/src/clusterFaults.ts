import { setTimeout as sleep } from 'node:timers/promises';
import { type ClusterNode, clusterBrokers, clusterNodes, partitionLeadership, stackConfig } from '@flights/infra';
import { createKafka } from '@flights/kafka';

/** The cluster stack the drills run on (separateStackUp with `cluster`, which put its settings in process.env). */
export const clusterConfig = () => stackConfig(process.env, { cluster: true });

/** The node leading most partitions of `topics`. */
export async function busiestLeader(topics: string[]): Promise<ClusterNode> {
  const config = clusterConfig();
  const { leaders } = await partitionLeadership(clusterBrokers(config), topics);
  const [id] = [...leaders].sort((a, b) => b[1] - a[1])[0]!;
  return clusterNodes(config).find((node) => node.id === id)!;
}

/** The node coordinating a consumer group (its commits and membership). */
export async function groupCoordinator(group: string): Promise<ClusterNode> {
  const config = clusterConfig();
  const admin = createKafka({ brokers: clusterBrokers(config), clientId: 'drill', retries: 3 }).admin();
  try {
    const [found] = await admin.findCoordinator({ keyType: 0, keys: [group] });
    return clusterNodes(config).find((node) => node.id === found!.nodeId)!;
  } finally {
    await admin.close().catch(() => undefined);
  }
}

/** Waits until no partition of `topics` is led by `gone` (leadership moved); resolves with how long it took. */
export async function leadersMovedOff(gone: number, topics: string[], since: number): Promise<number> {
  const brokers = clusterBrokers(clusterConfig()).filter((_, i) => i + 1 !== gone);
  for (;;) {
    const leadership = await partitionLeadership(brokers, topics).catch(() => undefined);
    if (leadership && !leadership.leaders.get(gone) && !leadership.leaders.get(-1)) return Date.now() - since;
    if (Date.now() - since > 120_000) throw new Error(`leadership did not move off broker ${gone} within 120 s`);
    await sleep(100);
  }
}

/** Waits until every partition of every topic (Kafka's internal ones left out: the client cannot describe them) has all its replicas in sync again; resolves with how long it took. */
export async function inSyncAgain(since: number): Promise<number> {
  const brokers = clusterBrokers(clusterConfig());
  for (;;) {
    const admin = createKafka({ brokers, clientId: 'drill', retries: 1 }).admin();
    const topics = await admin.listTopics().catch(() => [] as string[]);
    await admin.close().catch(() => undefined);
    let problem = '';
    const leadership = await partitionLeadership(brokers, topics).catch((error: Error) => {
      problem = error.message;
      return undefined;
    });
    if (leadership && leadership.underReplicated === 0 && leadership.partitions > 0) return Date.now() - since;
    if (Date.now() - since > 180_000)
      throw new Error(
        `replicas did not catch up within 180 s: ${problem || `${leadership?.shortOfReplicas.slice(0, 5).join(', ')} of ${topics.length} topics`}`,
      );
    await sleep(250);
  }
}
