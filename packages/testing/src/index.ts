export * from './groundTruth.ts';
export * from './runCli.ts';
export * from './readTopic.ts';
