import { setTimeout as sleep } from 'node:timers/promises';
import { stackConfig, stackDown, stackUp } from '@flights/infra';
import type { Drill } from '../drill.ts';
import { portAnswers } from '../portAnswers.ts';
import { replayUnderFault, seconds } from '../replayUnderFault.ts';

export const influxOutage: Drill = {
  name: 'influx-outage',
  proves: 'with InfluxDB down, writes are retried with backoff, nothing is committed past what InfluxDB holds, and everything lands once it is back',
  async run(size, log) {
    const outageMs = size === 'full' ? 60_000 : 10_000;
    const load = size === 'full' ? { passes: 8, rate: 1000, partitions: 3 } : { passes: 2, rate: 1500, partitions: 3 };
    return {
      drill: this.name,
      ...(await replayUnderFault(this.name, load, 1, async ({ aggregators, durationMs, at }) => {
        const moment = size === 'full' ? 10_000 : 2_000;
        await at(moment);
        const config = stackConfig();
        log(`stopping InfluxDB at ${seconds(moment)} for ${seconds(outageMs)}`);
        await stackDown(config, { kafka: false, influx: true });
        if (await portAnswers(config.influxPort)) throw new Error(`InfluxDB still answers on ${config.influxPort} after it was stopped`);
        await aggregators[0]!.waitFor(/InfluxDB write failed/, 30_000);
        await sleep(outageMs);
        await stackUp(config, () => undefined);
        await aggregators[0]!.waitFor(/InfluxDB accepts writes again/, 120_000);
        return `InfluxDB down from ${seconds(moment)} for ${seconds(outageMs)} of a ${seconds(durationMs)} replay`;
      })),
    };
  },
};
