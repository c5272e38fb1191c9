export * from './metricsServer.ts';
