import { createKafka } from '@flights/kafka';
import { influxAnswers } from '../influx/influxServer.ts';
import { stackEnv, type StackConfig } from '../stackConfig.ts';
import { stackStatus } from '../stack.ts';
import { clusterBrokers, liveBrokerIds, partitionLeadership } from './kafkaCluster.ts';

/**
 * `stack status --cluster`: each broker (running, in the cluster's metadata, partition leaders it holds), the
 * partitions short of in-sync replicas, and InfluxDB. Exit status 0 when all answer, 3 otherwise.
 */
export async function clusterStatus(config: StackConfig, log: (line: string) => void): Promise<number> {
  const status = stackStatus(config);
  const brokers = clusterBrokers(config);
  const live = await liveBrokerIds(brokers);
  const admin = createKafka({ brokers, clientId: 'stack-probe', retries: 0 }).admin();
  const topics = live.length ? await admin.listTopics().catch(() => []) : [];
  await admin.close().catch(() => undefined);
  const leadership = live.length ? await partitionLeadership(brokers, topics).catch(() => undefined) : undefined;
  for (const node of status.kafka.nodes) {
    const inCluster = live.includes(node.id);
    const leads = leadership?.leaders.get(node.id) ?? 0;
    log(
      `Kafka ${node.id}  ${node.pid === undefined ? 'stopped' : inCluster ? `running (pid ${node.pid}) ${node.address}, leads ${leads} partitions` : `pid ${node.pid} not in the cluster, see ${node.logFile}`}`,
    );
  }
  if (leadership) log(`partitions ${leadership.partitions}, ${leadership.underReplicated} short of in-sync replicas`);
  const influxOk =
    status.influx.pid !== undefined && (await influxAnswers(stackEnv(config).INFLUX_URL!).catch(() => false));
  log(
    `InfluxDB ${influxOk ? `running (pid ${status.influx.pid}) ${status.influx.address}` : 'stopped or not answering'}`,
  );
  return live.length === 3 && influxOk ? 0 : 3;
}
