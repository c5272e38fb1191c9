import type { Drill } from '../drill.ts';
import { randomMoments, replayUnderFault, seconds } from '../replayUnderFault.ts';

export const sigkillAggregator: Drill = {
  name: 'sigkill-aggregator',
  proves: 'kill -9 at any moment loses nothing and counts nothing twice: offsets are committed only behind what InfluxDB holds, open minutes are rebuilt from the checkpoint',
  async run(size, log) {
    const kills = size === 'full' ? 10 : 3;
    const load = size === 'full' ? { passes: 8, rate: 1000, partitions: 3 } : { passes: 2, rate: 2500, partitions: 3 };
    return {
      drill: this.name,
      ...(await replayUnderFault(this.name, load, 1, async ({ scenario, aggregators, durationMs, at }) => {
        const moments = randomMoments(kills, durationMs);
        let aggregator = aggregators[0]!;
        for (const moment of moments) {
          await at(moment);
          log(`SIGKILL the aggregator at ${seconds(moment)}`);
          await aggregator.stop('SIGKILL');
          aggregator = scenario.startAggregator();
        }
        return `${kills} SIGKILLs at ${moments.map(seconds).join(', ')} of a ${seconds(durationMs)} replay (${load.passes} × Data_Train.xlsx at ${load.rate}/s)`;
      })),
    };
  },
};
