import { setTimeout as sleep } from 'node:timers/promises';
import { stackConfig, stackDown, stackUp } from '@flights/infra';
import { portAnswers } from '../portAnswers.ts';
import { pipelineDrill, seconds } from '../replayUnderFault.ts';

export const restartBroker = pipelineDrill({
  name: 'restart-broker',
  proves:
    'the replayer and the aggregator ride through a Kafka restart: the idempotent producer resends without duplicates, the consumer rejoins and resumes from its commits',
  load: { full: { passes: 4, rate: 1000, partitions: 3 }, short: { passes: 1, rate: 1000, partitions: 3 } },
  async fault({ durationMs, at }, size, log) {
    const downMs = size === 'full' ? 10_000 : 3_000;
    const moment = Math.round(durationMs * 0.3);
    await at(moment);
    const config = stackConfig();
    log(`stopping Kafka at ${seconds(moment)}`);
    await stackDown(config, { kafka: true, influx: false });
    if (await portAnswers(config.kafkaPort))
      throw new Error(`Kafka still answers on ${config.kafkaPort} after it was stopped`);
    await sleep(downMs);
    log('starting Kafka again');
    await stackUp(config, () => undefined);
    return `Kafka stopped at ${seconds(moment)} of a ${seconds(durationMs)} replay, started again ${seconds(downMs)} later`;
  },
});
