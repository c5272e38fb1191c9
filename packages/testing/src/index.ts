export * from './groundTruth.ts';
export * from './runCli.ts';
export * from './readTopic.ts';
export * from './spawnApp.ts';
export * from './influxTotals.ts';
export * from './pipelineScenario.ts';
export * from './dataTrainRows.ts';
export * from './onTimeTruth.ts';
