import { exitWhenFlushed, quietOnClosedPipe } from '@flights/cli';
import { StackError, stackConfig, stackDown, stackStatus, stackUp, installStack } from './stack.ts';
import { influxAnswers, influxVersionAt } from './influx/influxServer.ts';
import { kafkaAnswers, probeSecurity } from './kafka/kafkaServer.ts';
import { ensureCredentials } from './secure/credentials.ts';
import { secureEnvFile } from './secure/secureEnv.ts';
import { ensureTlsMaterial } from './secure/tlsMaterial.ts';
import { kafkaCompatVersion, kafkaVersion } from './kafka/installKafka.ts';
import { clusterStatus } from './kafka/clusterStatus.ts';
import { INFLUXDB_VERSIONS } from './influx/influxVersions.ts';

const USAGE = `Usage: npx pnpm stack <up|down|status|install> [--secure | --cluster]

  up       install what is missing, start Kafka (KRaft) and InfluxDB, wait until both answer
  down     stop both (SIGTERM, then SIGKILL after a grace period)
  status   show whether each server runs and answers
  install  only fetch Kafka (Maven Central) and InfluxDB (apt-get, or built: see INFLUXDB_VERSION)

  --secure the secure stack instead, beside the plain one: Kafka with only a SASL_SSL
           listener (PLAIN, SCRAM-SHA-256/512; a throwaway CA made with openssl) and
           InfluxDB with auth and https, in <STACK_DIR>/secure on SECURE_KAFKA_PORT
           (KAFKA_PORT+2) and SECURE_INFLUX_PORT (INFLUX_PORT+10). \`up --secure\` writes
           <STACK_DIR>/secure/secure.env; use it with: set -a; . <that file>; set +a
  --cluster the cluster stack instead, beside the plain one: three Kafka brokers (KRaft,
           combined broker+controller, 512 MB heap each), topics replicated 3 times with
           min.insync.replicas=2, and an InfluxDB of its own; in <STACK_DIR>/cluster, brokers
           on CLUSTER_KAFKA_PORT (KAFKA_PORT+100) and the two after it, controllers on the
           three after those, InfluxDB on CLUSTER_INFLUX_PORT (INFLUX_PORT+100). \`status
           --cluster\` shows each broker and how many partition leaders it holds.

Environment: STACK_DIR (data, logs, pids; default .local/stack), KAFKA_PORT (9092),
KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), INFLUX_PORT (8086), INFLUX_RPC_PORT (INFLUX_PORT+2),
KAFKA_HEAP_MB (768), KAFKA_VERSION (the broker release; default: infra/kafka/pom.xml's
kafka.version, ${kafkaVersion()}; ${kafkaCompatVersion()} is tested too), INFLUXDB_VERSION (default
${INFLUXDB_VERSIONS.debian}, Debian's package; any other 1.x or 2.x release, such as ${INFLUXDB_VERSIONS.current1x} or ${INFLUXDB_VERSIONS.line2x}, is
built once from its Go module into .local/influxdb/<version>, which needs Go and Rust; 2.x keeps
its data in <STACK_DIR>/influxdb2 and its operator token in <STACK_DIR>/influxdb2/operator-token).`;

async function main(command: string | undefined, flags: string[]): Promise<number> {
  const unknown = flags.filter((flag) => flag !== '--secure' && flag !== '--cluster');
  if (unknown.length > 0) {
    console.error(`unknown option ${unknown[0]}\n\n${USAGE}`);
    return 2;
  }
  if (flags.includes('--secure') && flags.includes('--cluster')) {
    console.error(`--secure and --cluster are two different stacks: choose one\n\n${USAGE}`);
    return 2;
  }
  const config = stackConfig(process.env, { secure: flags.includes('--secure'), cluster: flags.includes('--cluster') });
  const log = (line: string) => console.log(`[stack] ${line}`);
  switch (command) {
    case 'up': {
      const up = await stackUp(config, log);
      log(`Kafka    ${up.env.KAFKA_BROKERS} ${up.started.kafka ? 'started' : 'already running'}`);
      log(`InfluxDB ${up.env.INFLUX_URL} ${up.started.influx ? 'started' : 'already running'}`);
      log(`data and logs in ${config.dir}`);
      if (config.secure) log(`environment for the apps: set -a; . ${secureEnvFile(config)}; set +a`);
      return 0;
    }
    case 'down':
      await stackDown(config);
      log('stopped');
      return 0;
    case 'status': {
      if (config.cluster) return clusterStatus(config, log);
      const status = stackStatus(config);
      const secure = config.secure
        ? { tls: ensureTlsMaterial(config.dir, log), credentials: ensureCredentials(config.dir) }
        : undefined;
      const kafkaOk =
        status.kafka.pid !== undefined && (await kafkaAnswers([status.kafka.address], 3000, probeSecurity(secure)));
      const influxOk =
        status.influx.pid !== undefined &&
        (await influxAnswers(status.influx.address, secure?.tls.caCert).catch(() => false));
      const influxVersion = influxOk ? await influxVersionAt(status.influx.address, secure?.tls.caCert) : undefined;
      const line = (name: string, pid: number | undefined, ok: boolean, address: string, logFile: string) =>
        `${name.padEnd(9)}${pid === undefined ? 'stopped' : ok ? `running (pid ${pid}) ${address}` : `pid ${pid} not answering, see ${logFile}`}`;
      log(
        line(
          `Kafka ${status.kafka.version}`.padEnd(16),
          status.kafka.pid,
          kafkaOk,
          status.kafka.address,
          status.kafka.logFile,
        ),
      );
      log(
        line(
          `InfluxDB ${(influxVersion ?? config.influxVersion).replace(/~.*$/, '')}`.padEnd(16),
          status.influx.pid,
          influxOk,
          status.influx.address,
          status.influx.logFile,
        ),
      );
      return kafkaOk && influxOk ? 0 : 3;
    }
    case 'install':
      await installStack(log, config);
      log('installed');
      return 0;
    case undefined:
    case '-h':
    case '--help':
      console.log(USAGE);
      return command === undefined ? 2 : 0;
    default:
      console.error(`unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

quietOnClosedPipe(process.stdout);
main(process.argv[2], process.argv.slice(3)).then(
  (code) => exitWhenFlushed(code),
  (error: unknown) => {
    const message = error instanceof StackError || error instanceof Error ? error.message : String(error);
    console.error(`[stack] error: ${message}`);
    process.exit(1);
  },
);
