import { setTimeout as sleep } from 'node:timers/promises';
import { restartNode, stopNode } from '@flights/infra';
import { clusterConfig, groupCoordinator, inSyncAgain } from '../../clusterFaults.ts';
import { pipelineDrill, seconds } from '../../replayUnderFault.ts';

export const killCoordinator = pipelineDrill({
  name: 'kill-coordinator',
  proves:
    "on three brokers, the aggregators' group coordinator SIGKILLed while they consume and commit: the group moves to another broker, the members rejoin and resume from their commits, nothing is lost or counted twice",
  load: { full: { passes: 4, rate: 1000, partitions: 6 }, short: { passes: 1, rate: 1000, partitions: 6 } },
  aggregators: 2,
  async fault({ scenario, durationMs, at }, size, log) {
    const moment = Math.round(durationMs * 0.4);
    await at(moment);
    const group = scenario.env.AGGREGATOR_GROUP!;
    const victim = await groupCoordinator(group);
    const killedAt = Date.now();
    log(`SIGKILL broker ${victim.id}, coordinator of ${group}, at ${seconds(moment)}`);
    await stopNode(victim, 'kill');
    let moved = -1;
    while (moved < 0) {
      const now = await groupCoordinator(group).catch(() => undefined);
      if (now && now.id !== victim.id) moved = Date.now() - killedAt;
      else if (Date.now() - killedAt > 120_000) throw new Error('the group coordinator did not move within 120 s');
      else await sleep(200);
    }
    log(`the group has a new coordinator after ${seconds(moved)}`);
    await sleep(Math.max(0, killedAt + (size === 'full' ? 15_000 : 5_000) - Date.now()));
    const restartedAt = Date.now();
    await restartNode(clusterConfig(), victim, () => undefined);
    const caughtUp = await inSyncAgain(restartedAt);
    return (
      `coordinator broker ${victim.id} SIGKILLed at ${seconds(moment)} of a ${seconds(durationMs)} replay with two ` +
      `aggregators: new coordinator after ${seconds(moved)}, broker back and in sync ${seconds(caughtUp)} after its start`
    );
  },
});
