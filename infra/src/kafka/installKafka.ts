import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand, run } from '../commands.ts';
import { StackError } from '../errors.ts';
import { INFRA_DIR, LOCAL_DIR } from '../paths.ts';

const POM = join(INFRA_DIR, 'kafka', 'pom.xml');

function pomProperty(name: string): string {
  const match = new RegExp(`<${name.replaceAll('.', '\\.')}>([^<]+)</`).exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new StackError(`no <${name}> in ${POM}`);
  return match[1];
}

/** The local broker's version (infra/kafka/pom.xml, the one place it is set). */
export function kafkaVersion(): string {
  return pomProperty('kafka.version');
}

/** The older line the suite also runs against, since users' clusters lag behind. */
export function kafkaCompatVersion(): string {
  return pomProperty('kafka.compat.version');
}

export function kafkaMajor(version: string): number {
  return Number(version.split('.')[0]);
}

/** Orders two releases such as 3.9.1 and 4.4.0 (negative when a is older). */
export function compareReleases(a: string, b: string): number {
  const [pa, pb] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i += 1) {
    const diff = (pa![i] ?? 0) - (pb![i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * How a broker of this version logs: 4.x brings log4j2 and reads a YAML
 * configuration; 3.x needs a slf4j binding (reload4j) and reads log4j 1
 * properties. Without the right pair the broker runs silent.
 */
export function kafkaLogging(version: string): { mavenProfile: string; jvmFlag: string } {
  return kafkaMajor(version) >= 4
    ? { mavenProfile: 'log4j2', jvmFlag: `-Dlog4j2.configurationFile=${join(INFRA_DIR, 'kafka', 'log4j2.yaml')}` }
    : {
        mavenProfile: 'reload4j',
        jvmFlag: `-Dlog4j.configuration=file:${join(INFRA_DIR, 'kafka', 'log4j.properties')}`,
      };
}

/** Folder with the broker's jars for one version; one per version, so upgrades never mix jars. */
export function kafkaLibDir(version: string): string {
  return join(LOCAL_DIR, 'kafka', version, 'libs');
}

function requireJava(): void {
  if (!hasCommand('java')) {
    throw new StackError(
      'Java is missing: Kafka needs a Java 17+ runtime on PATH (Debian: apt-get install openjdk-17-jre-headless)',
    );
  }
  const version = run('java', ['-version']).output;
  const major = Number(/version "(\d+)/.exec(version)?.[1] ?? 0);
  if (major < 17) throw new StackError(`Java ${major || '(unknown)'} found, Kafka needs 17 or newer`);
}

/**
 * Fetches kafka_2.13 of this version and its runtime dependencies from Maven
 * Central into .local/kafka/<version>/libs. A marker written last makes an
 * interrupted download retry instead of leaving a half-filled folder in use.
 */
export function installKafka(version: string, log: (line: string) => void): string {
  const libs = kafkaLibDir(version);
  return fetchJars(
    version,
    { libs, marker: join(libs, '..', 'complete'), profiles: [kafkaLogging(version).mavenProfile], what: 'Kafka' },
    log,
  );
}

/**
 * Kafka's command-line tools of this version (ProducerPerformance,
 * ConsumerPerformance, with the broker's jars) in
 * .local/kafka/<version>/tools: what the benchmarks measure against.
 */
export function installKafkaTools(version: string, log: (line: string) => void): string {
  const libs = join(kafkaLibDir(version), '..', 'tools');
  return fetchJars(
    version,
    {
      libs,
      marker: join(libs, '.complete'),
      profiles: [kafkaLogging(version).mavenProfile, 'tools'],
      what: "Kafka's tools",
    },
    log,
  );
}

/** `mvn dependency:copy-dependencies` of the pom with these profiles into `libs`; `marker` is written last. */
function fetchJars(
  version: string,
  target: { libs: string; marker: string; profiles: string[]; what: string },
  log: (line: string) => void,
): string {
  const { libs, marker, profiles, what } = target;
  requireJava();
  if (!/^\d+\.\d+\.\d+$/.test(version))
    throw new StackError(`KAFKA_VERSION="${version}" is not a Kafka release such as ${kafkaVersion()}`);
  if (existsSync(marker)) return libs;
  if (!hasCommand('mvn')) {
    throw new StackError('Maven is missing: it fetches Kafka from Maven Central (Debian: apt-get install maven)');
  }
  log(`installing ${what} ${version} from Maven Central into ${libs}`);
  rmSync(libs, { recursive: true, force: true });
  mkdirSync(libs, { recursive: true });
  const result = run('mvn', [
    '-B',
    '-q',
    '-f',
    POM,
    'dependency:copy-dependencies',
    `-Dkafka.version=${version}`,
    '-P',
    profiles.join(','),
    `-DoutputDirectory=${libs}`,
    '-DincludeScope=runtime',
  ]);
  const jars = readdirSync(libs).filter((name) => name.endsWith('.jar'));
  if (!result.ok || !jars.some((name) => name.startsWith('kafka_2.13-'))) {
    throw new StackError(
      `Maven could not fetch ${what} ${version} (exit ${result.status}):\n${result.output
        .split('\n')
        .filter((l) => !l.includes('nodedir'))
        .slice(-20)
        .join('\n')}`,
    );
  }
  writeFileSync(marker, `${jars.length} jars\n`);
  log(`${what} ${version} installed (${jars.length} jars)`);
  return libs;
}
