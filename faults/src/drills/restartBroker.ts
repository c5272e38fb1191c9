import { setTimeout as sleep } from 'node:timers/promises';
import { stackConfig, stackDown, stackUp } from '@flights/infra';
import type { Drill } from '../drill.ts';
import { portAnswers } from '../portAnswers.ts';
import { replayUnderFault, seconds } from '../replayUnderFault.ts';

export const restartBroker: Drill = {
  name: 'restart-broker',
  proves: 'the replayer and the aggregator ride through a Kafka restart: the idempotent producer resends without duplicates, the consumer rejoins and resumes from its commits',
  async run(size, log) {
    const load = size === 'full' ? { passes: 4, rate: 1000, partitions: 3 } : { passes: 1, rate: 1000, partitions: 3 };
    const downMs = size === 'full' ? 10_000 : 3_000;
    return {
      drill: this.name,
      ...(await replayUnderFault(this.name, load, 1, async ({ durationMs, at }) => {
        const moment = Math.round(durationMs * 0.3);
        await at(moment);
        const config = stackConfig();
        log(`stopping Kafka at ${seconds(moment)}`);
        await stackDown(config, { kafka: true, influx: false });
        if (await portAnswers(config.kafkaPort)) throw new Error(`Kafka still answers on ${config.kafkaPort} after it was stopped`);
        await sleep(downMs);
        log('starting Kafka again');
        await stackUp(config, () => undefined);
        return `Kafka stopped at ${seconds(moment)} of a ${seconds(durationMs)} replay, started again ${seconds(downMs)} later`;
      })),
    };
  },
};
