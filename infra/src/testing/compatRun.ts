import { join } from 'node:path';
import { kafkaCompatVersion } from '../kafka/installKafka.ts';
import { LOCAL_DIR } from '../paths.ts';

/**
 * The short compatibility run against the older Kafka line users' clusters
 * still run (infra/kafka/pom.xml's kafka.compat.version): the whole pipeline
 * against the shared ground truth, a produce/consume round trip with
 * committed offsets, and the SIGKILL drill, which leans hardest on offset
 * commits with metadata. It runs on a stack of its own, since a data folder
 * written by the newer broker cannot be read by the older one.
 */
export function compatRun(): { version: string; env: Record<string, string>; vitestArgs: string[] } {
  const version = kafkaCompatVersion();
  const env = {
    KAFKA_VERSION: version,
    STACK_DIR: join(LOCAL_DIR, 'compat-stack'),
    KAFKA_PORT: '19192',
    KAFKA_CONTROLLER_PORT: '19193',
    INFLUX_PORT: '18186',
    INFLUX_RPC_PORT: '18188',
    KAFKA_BROKERS: '127.0.0.1:19192',
    INFLUX_URL: 'http://127.0.0.1:18186',
  };
  const vitestArgs = [
    'run',
    '--project',
    'integration',
    '--project',
    'integration-serial',
    'infra/integration/kafka.spec.ts',
    'apps/aggregator/integration/aggregator.spec.ts',
    'faults/integration/drills.spec.ts',
    '--testNamePattern',
    'produces 1,000 events|shared README ground truth|sigkill-aggregator',
  ];
  return { version, env, vitestArgs };
}
