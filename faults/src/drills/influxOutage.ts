import { setTimeout as sleep } from 'node:timers/promises';
import { stackConfig, stackDown, stackUp } from '@flights/infra';
import { portAnswers } from '../portAnswers.ts';
import { pipelineDrill, seconds } from '../replayUnderFault.ts';

export const influxOutage = pipelineDrill({
  name: 'influx-outage',
  proves:
    'with InfluxDB down, writes are retried with backoff, nothing is committed past what InfluxDB holds, and everything lands once it is back',
  load: { full: { passes: 8, rate: 1000, partitions: 3 }, short: { passes: 2, rate: 1500, partitions: 3 } },
  async fault({ aggregators, durationMs, at }, size, log) {
    const [moment, outageMs] = size === 'full' ? [10_000, 60_000] : [2_000, 10_000];
    await at(moment);
    const config = stackConfig();
    log(`stopping InfluxDB at ${seconds(moment)} for ${seconds(outageMs)}`);
    await stackDown(config, { kafka: false, influx: true });
    if (await portAnswers(config.influxPort))
      throw new Error(`InfluxDB still answers on ${config.influxPort} after it was stopped`);
    await aggregators[0]!.waitFor(/InfluxDB write failed/, 30_000);
    await sleep(outageMs);
    await stackUp(config, () => undefined);
    await aggregators[0]!.waitFor(/InfluxDB accepts writes again/, 120_000);
    return `InfluxDB down from ${seconds(moment)} for ${seconds(outageMs)} of a ${seconds(durationMs)} replay`;
  },
});
