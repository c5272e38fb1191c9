import { join } from 'node:path';
import { INFLUXDB_VERSIONS } from '../influx/influxVersions.ts';
import { stackConfig, stackEnv as appsEnv } from '../stackConfig.ts';
import { kafkaCompatVersion } from '../kafka/installKafka.ts';
import { LOCAL_DIR } from '../paths.ts';

/** One compatibility pass: a short run of chosen specs on a stack of its own, with another server release. */
export interface CompatRun {
  /** What it runs on, as the suite prints it: "Kafka 3.9.1", "InfluxDB 2.8.0". */
  label: string;
  /** A file name for its report and log. */
  name: string;
  env: Record<string, string>;
  vitestArgs: string[];
}

/** A stack of its own (a data folder written by one release cannot be read by another) on ports of its own. */
function stackEnv(name: string, kafkaPort: number, influxPort: number): Record<string, string> {
  return {
    STACK_DIR: join(LOCAL_DIR, `${name}-stack`),
    KAFKA_PORT: String(kafkaPort),
    KAFKA_CONTROLLER_PORT: String(kafkaPort + 1),
    INFLUX_PORT: String(influxPort),
    INFLUX_RPC_PORT: String(influxPort + 2),
    KAFKA_BROKERS: `127.0.0.1:${kafkaPort}`,
    INFLUX_URL: `http://127.0.0.1:${influxPort}`,
  };
}

function vitestArgs(files: string[], names: string[]): string[] {
  return ['run', '--project', 'integration', '--project', 'integration-serial', ...files, '-t', names.join('|')];
}

/**
 * The older Kafka line users' clusters still run (infra/kafka/pom.xml's
 * kafka.compat.version): the whole pipeline against the shared ground truth,
 * a produce/consume round trip with committed offsets, and the SIGKILL
 * drill, which leans hardest on offset commits with metadata.
 */
function kafkaCompat(): CompatRun {
  const version = kafkaCompatVersion();
  return {
    label: `Kafka ${version}`,
    name: 'compat',
    env: { KAFKA_VERSION: version, ...stackEnv('compat', 19192, 18186) },
    vitestArgs: vitestArgs(
      [
        'infra/integration/kafka.spec.ts',
        'apps/aggregator/integration/aggregator.spec.ts',
        'faults/integration/drills.spec.ts',
      ],
      ['produces 1,000 events', 'shared README ground truth', 'sigkill-aggregator'],
    ),
  };
}

/**
 * An InfluxDB release users run, built from its Go module: the pipeline
 * against the ground truth and through two SIGKILLs, the hourly rollups and
 * their re-rolls, the web server's snapshots over every range, the Grafana
 * and Chronograf queries, writes and reads on the bare client, and the
 * secure stack (auth and https on 1.x, a token and https on 2.x).
 */
function influxCompat(version: string, kafkaPort: number, influxPort: number): CompatRun {
  const name = `influxdb-${version}`;
  const env = { INFLUXDB_VERSION: version, ...stackEnv(name, kafkaPort, influxPort) };
  return {
    label: `InfluxDB ${version}`,
    name,
    // On 2.x also where its stack keeps the operator token (INFLUX_TOKEN_FILE), for the apps and the specs.
    env: { ...env, ...appsEnv(stackConfig(env)) },
    vitestArgs: vitestArgs(
      [
        'infra/integration/influx.spec.ts',
        'apps/aggregator/integration/aggregator.spec.ts',
        'apps/web/integration/timeRanges.spec.ts',
        'infra/integration/dashboards.spec.ts',
        'apps/web/integration/secureStack.spec.ts',
      ],
      [
        'local InfluxDB',
        'shared README ground truth',
        'SIGKILL twice',
        'time ranges',
        'dashboards',
        'replays Data_Train.xlsx into exact totals, shown on the dashboard only',
      ],
    ),
  };
}

/** Every compatibility pass of the suite, run one after another beside its second half. */
export function compatRuns(): CompatRun[] {
  return [
    kafkaCompat(),
    influxCompat(INFLUXDB_VERSIONS.current1x, 19292, 18286),
    influxCompat(INFLUXDB_VERSIONS.line2x, 19392, 18386),
  ];
}
