export * from './createKafka.ts';
export * from './ensureTopics.ts';
export * from './kafkaSecurity.ts';
export * from './connectionCheck.ts';
export * from './kafkaErrors.ts';
export { Admin, Consumer, MessagesStream, Producer, type Message, type MessageToProduce } from '@platformatic/kafka';
export * from './clientWatch.ts';
export * from './findKeys.ts';
