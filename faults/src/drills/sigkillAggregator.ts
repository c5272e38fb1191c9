import { pipelineDrill, randomMoments, seconds } from '../replayUnderFault.ts';

export const sigkillAggregator = pipelineDrill({
  name: 'sigkill-aggregator',
  proves:
    'kill -9 at any moment loses nothing and counts nothing twice: offsets are committed only behind what InfluxDB holds, open minutes are rebuilt from the checkpoint',
  load: { full: { passes: 8, rate: 1000, partitions: 3 }, short: { passes: 2, rate: 2500, partitions: 3 } },
  async fault({ scenario, aggregators, durationMs, at }, size, log) {
    const moments = randomMoments(size === 'full' ? 10 : 3, durationMs);
    let aggregator = aggregators[0]!;
    for (const moment of moments) {
      await at(moment);
      log(`SIGKILL the aggregator at ${seconds(moment)}`);
      await aggregator.stop('SIGKILL');
      aggregator = scenario.startAggregator();
    }
    return `${moments.length} SIGKILLs at ${moments.map(seconds).join(', ')} of a ${seconds(durationMs)} replay`;
  },
});
