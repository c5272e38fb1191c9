import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand, run } from '../commands.ts';
import { StackError } from '../errors.ts';
import { INFRA_DIR, LOCAL_DIR } from '../paths.ts';

const POM = join(INFRA_DIR, 'kafka', 'pom.xml');

export function kafkaVersion(): string {
  const match = /<kafka\.version>([^<]+)<\/kafka\.version>/.exec(readFileSync(POM, 'utf8'));
  if (!match?.[1]) throw new StackError(`no <kafka.version> in ${POM}`);
  return match[1];
}

/** Folder with the broker's jars for the pinned version; one per version, so upgrades never mix jars. */
export function kafkaLibDir(): string {
  return join(LOCAL_DIR, 'kafka', kafkaVersion(), 'libs');
}

function requireJava(): void {
  if (!hasCommand('java')) {
    throw new StackError('Java is missing: Kafka needs a Java 17+ runtime on PATH (Debian: apt-get install openjdk-17-jre-headless)');
  }
  const version = run('java', ['-version']).output;
  const major = Number(/version "(\d+)/.exec(version)?.[1] ?? 0);
  if (major < 17) throw new StackError(`Java ${major || '(unknown)'} found, Kafka needs 17 or newer`);
}

/**
 * Fetches kafka_2.13 and its runtime dependencies from Maven Central into
 * .local/kafka/<version>/libs. A marker written last makes an interrupted
 * download retry instead of leaving a half-filled folder in use.
 */
export function installKafka(log: (line: string) => void): string {
  requireJava();
  const libs = kafkaLibDir();
  const marker = join(libs, '..', 'complete');
  if (existsSync(marker)) return libs;
  if (!hasCommand('mvn')) {
    throw new StackError('Maven is missing: it fetches Kafka from Maven Central (Debian: apt-get install maven)');
  }
  log(`installing Kafka ${kafkaVersion()} from Maven Central into ${libs}`);
  rmSync(libs, { recursive: true, force: true });
  mkdirSync(libs, { recursive: true });
  const result = run('mvn', [
    '-B', '-q', '-f', POM,
    'dependency:copy-dependencies',
    `-DoutputDirectory=${libs}`,
    '-DincludeScope=runtime',
  ]);
  const jars = readdirSync(libs).filter((name) => name.endsWith('.jar'));
  if (!result.ok || !jars.some((name) => name.startsWith('kafka_2.13-'))) {
    throw new StackError(`Maven could not fetch Kafka (exit ${result.status}):\n${result.output.split('\n').filter((l) => !l.includes('nodedir')).slice(-20).join('\n')}`);
  }
  writeFileSync(marker, `${jars.length} jars\n`);
  log(`Kafka ${kafkaVersion()} installed (${jars.length} jars)`);
  return libs;
}
