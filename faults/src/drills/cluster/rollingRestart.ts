import { clusterNodes, restartNode, stopNode } from '@flights/infra';
import { clusterConfig, inSyncAgain } from '../../clusterFaults.ts';
import { pipelineDrill, seconds } from '../../replayUnderFault.ts';

export const rollingRestart = pipelineDrill({
  name: 'rolling-restart',
  proves:
    'on three brokers, a rolling restart during a replay (each broker stopped and started in turn, waiting for every replica to be in sync between steps): every leader moves once, nothing is lost or counted twice',
  load: { full: { passes: 6, rate: 1000, partitions: 6 }, short: { passes: 2, rate: 1000, partitions: 6 } },
  async fault({ durationMs, at }, _size, log) {
    const moment = Math.round(durationMs * 0.1);
    await at(moment);
    const config = clusterConfig();
    const steps: string[] = [];
    for (const node of clusterNodes(config)) {
      const stoppedAt = Date.now();
      await stopNode(node, 'stop');
      const stopTook = Date.now() - stoppedAt;
      const startedAt = Date.now();
      await restartNode(config, node, () => undefined);
      const inSync = await inSyncAgain(startedAt);
      log(`broker ${node.id}: stopped in ${seconds(stopTook)}, in sync ${seconds(inSync)} after its start`);
      steps.push(`${node.id}: ${seconds(stopTook + inSync)}`);
    }
    return `rolling restart from ${seconds(moment)} of a ${seconds(durationMs)} replay, per broker ${steps.join(', ')}`;
  },
});
