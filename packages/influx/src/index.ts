export { Point } from '@influxdata/influxdb-client';
export * from './influxV1Client.ts';
export * from './influxError.ts';
export * from './influxql.ts';
export * from './ensureDatabase.ts';
export * from './rollups.ts';
export * from './influxClientOptions.ts';
export * from './v2/bucketMapping.ts';
