export * from './metricsServer.ts';
export * from './kafkaClientMetrics.ts';
