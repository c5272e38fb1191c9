/** What other workspace packages use of the stack: start and stop it (whole, or on ports of its own), its settings. */
export * from './stack.ts';
export { separateStackUp, type SeparateStack } from './separateStack.ts';
export { installKafkaTools, kafkaVersion } from './kafka/installKafka.ts';
export {
  clusterBrokers,
  clusterNodes,
  partitionLeadership,
  restartNode,
  stopNode,
  type ClusterNode,
} from './kafka/kafkaCluster.ts';
