import { setTimeout as sleep } from 'node:timers/promises';
import { restartNode, stopNode } from '@flights/infra';
import { busiestLeader, clusterConfig, inSyncAgain, leadersMovedOff } from '../../clusterFaults.ts';
import { pipelineDrill, seconds } from '../../replayUnderFault.ts';

export const killLeader = pipelineDrill({
  name: 'kill-leader',
  proves:
    'on three brokers, the leader of most partitions SIGKILLed mid-replay: leadership moves to in-sync replicas, the idempotent producer resends to them, nothing is lost or counted twice; the broker comes back and catches up',
  load: { full: { passes: 4, rate: 1000, partitions: 6 }, short: { passes: 1, rate: 1000, partitions: 6 } },
  async fault({ scenario, durationMs, at }, size, log) {
    const moment = Math.round(durationMs * 0.3);
    await at(moment);
    const victim = await busiestLeader([scenario.topic]);
    const killedAt = Date.now();
    log(`SIGKILL broker ${victim.id} at ${seconds(moment)}`);
    await stopNode(victim, 'kill');
    const moved = await leadersMovedOff(victim.id, [scenario.topic], killedAt);
    log(`its partitions have new leaders after ${seconds(moved)}`);
    const downMs = size === 'full' ? 15_000 : 5_000;
    await sleep(Math.max(0, killedAt + downMs - Date.now()));
    const restartedAt = Date.now();
    const downFor = restartedAt - killedAt;
    await restartNode(clusterConfig(), victim, () => undefined);
    const caughtUp = await inSyncAgain(restartedAt);
    log(`broker ${victim.id} back; every replica in sync ${seconds(caughtUp)} after its start`);
    return (
      `broker ${victim.id} SIGKILLed at ${seconds(moment)} of a ${seconds(durationMs)} replay: new leaders after ` +
      `${seconds(moved)}, restarted ${seconds(downFor)} after the kill, in sync ${seconds(caughtUp)} later`
    );
  },
});
