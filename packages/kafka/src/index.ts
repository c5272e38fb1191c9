export * from './createKafka.ts';
export * from './ensureTopics.ts';
