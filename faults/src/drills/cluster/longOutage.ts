import { clusterNodes, restartNode, stopNode } from '@flights/infra';
import { clusterConfig, inSyncAgain } from '../../clusterFaults.ts';
import { outageDrill } from '../../outageDrill.ts';
import { seconds } from '../../replayUnderFault.ts';

/** Two of the three nodes: below min.insync.replicas, and a lost KRaft quorum. */
const victims = () => clusterNodes(clusterConfig()).slice(1);

export const longOutage = outageDrill({
  name: 'long-outage',
  proves:
    'two of three brokers down for longer than the replayer rides out: it exits 3 naming the rows not acknowledged, and the same command with --resume sends exactly what is missing (the batch in doubt looked up in Kafka by event id): every flight in Kafka and in InfluxDB once',
  outage: {
    async takeDown() {
      const down = victims();
      await Promise.all(down.map((node) => stopNode(node, 'kill')));
      return `brokers ${down.map((node) => node.id).join(' and ')} SIGKILLed`;
    },
    async bringBack() {
      const restartedAt = Date.now();
      await Promise.all(victims().map((node) => restartNode(clusterConfig(), node, () => undefined)));
      return `brokers back, every replica in sync ${seconds(await inSyncAgain(restartedAt))} after their start`;
    },
  },
});
