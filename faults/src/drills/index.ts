import type { Drill } from '../drill.ts';
import { brokerOutage } from './brokerOutage.ts';
import { influxOutage } from './influxOutage.ts';
import { malformedInputs } from './malformedInputs.ts';
import { restartBroker } from './restartBroker.ts';
import { scaleOut } from './scaleOut.ts';
import { sigkillAggregator } from './sigkillAggregator.ts';

export const DRILLS: readonly Drill[] = [
  sigkillAggregator,
  restartBroker,
  brokerOutage,
  influxOutage,
  scaleOut,
  malformedInputs,
];
