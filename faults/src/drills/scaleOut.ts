import { pipelineDrill, seconds } from '../replayUnderFault.ts';

export const scaleOut = pipelineDrill({
  name: 'scale-out',
  proves:
    'instances in one group never overwrite each other (one series per partition) and a partition that changes hands is rebuilt from its commit, through a kill and a join',
  load: { full: { passes: 6, rate: 1000, partitions: 6 }, short: { passes: 2, rate: 2000, partitions: 6 } },
  aggregators: 3,
  async fault({ scenario, aggregators, durationMs, at }, _size, log) {
    const [killAt, addAt] = [Math.round(durationMs * 0.3), Math.round(durationMs * 0.6)];
    await at(killAt);
    log(`SIGKILL one of three instances at ${seconds(killAt)}`);
    await aggregators[1]!.stop('SIGKILL');
    await at(addAt);
    log(`adding an instance at ${seconds(addAt)}`);
    scenario.startAggregator();
    return `3 instances on 6 partitions; one killed at ${seconds(killAt)}, one added at ${seconds(addAt)} of a ${seconds(durationMs)} replay`;
  },
});
