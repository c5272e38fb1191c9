export * from './createKafka.ts';
export * from './ensureTopics.ts';
export * from './kafkaSecurity.ts';
export * from './connectionCheck.ts';
