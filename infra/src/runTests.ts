import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, LOCAL_DIR } from './paths.ts';
import { StackError, stackConfig, stackDown, stackUp } from './stack.ts';
import { applyTestStackEnv } from './testing/testStackEnv.ts';
import { ensureChromium } from './testing/ensureChromium.ts';
import { compatRun } from './testing/compatRun.ts';
import { run } from './commands.ts';

/**
 * The whole suite, as `npm test` and CI run it: the test stack up (installing
 * what is missing), type check, unit and integration specs (vitest), then the
 * end-to-end specs (Playwright), the test stack down again; then a short
 * compatibility run against the older Kafka line on a stack of its own. Ends
 * with one line "tests: N passed, N failed, N skipped".
 */
const reports = join(LOCAL_DIR, 'reports');
const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
const log = (line: string) => console.log(`[test] ${line}`);

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

function step(title: string, command: string, args: string[]): boolean {
  log(title);
  const result = spawnSync(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: process.env });
  return result.status === 0;
}

/** What this run tests on, first in the output, so a report says which runtimes it covers. */
function printVersions(kafka: string, compatKafka: string): void {
  const influxd = run('influxd', ['version']).output.match(/InfluxDB v?(\S+)/)?.[1] ?? '(not installed yet)';
  log(`Node.js ${process.version}, Kafka ${kafka} (compatibility run: ${compatKafka}), InfluxDB ${influxd}`);
}

function vitestTally(file: string): Tally {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
    numFailedTestSuites: number;
  };
  // A spec file that fails to load has no tests to count: count it as a failure.
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

function playwrightTally(file: string): Tally {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  };
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
  };
}

async function main(): Promise<number> {
  applyTestStackEnv();
  const started = Date.now();
  const config = stackConfig();
  const compat = compatRun();
  printVersions(config.kafkaVersion, compat.version);
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  const add = (t: Tally) => {
    tally.passed += t.passed;
    tally.failed += t.failed;
    tally.skipped += t.skipped;
  };

  const up = await stackUp(config, log);
  const stop = async () => stackDown(config, up.started);
  const onSignal = () => {
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (!step('type check', bin('pnpm'), ['-r', '--workspace-concurrency=2', 'run', 'typecheck']))
      add({ passed: 0, failed: 1, skipped: 0 });

    const vitestReport = join(reports, 'vitest.json');
    step('unit and integration specs (vitest)', bin('vitest'), [
      'run',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${vitestReport}`,
    ]);
    add(vitestTally(vitestReport));

    if (existsSync(join(REPO_ROOT, 'e2e', 'playwright.config.ts'))) {
      ensureChromium(log);
      const playwrightReport = join(reports, 'playwright.json');
      spawnSync(bin('pnpm'), ['--filter', '@flights/e2e', 'exec', 'playwright', 'test'], {
        cwd: REPO_ROOT,
        stdio: 'inherit',
        env: { ...process.env, PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport, PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1' },
      });
      add(playwrightTally(playwrightReport));
    }
  } finally {
    await stop();
  }
  // The compatibility specs start (and stop) their own stack through vitest's global setup.
  log(`compatibility run: Kafka ${compat.version} on its own stack (${compat.env.STACK_DIR})`);
  const compatReport = join(reports, 'vitest-compat.json');
  const compatOk = spawnSync(
    bin('vitest'),
    [...compat.vitestArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${compatReport}`],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, ...compat.env },
    },
  );
  log(`compatibility run on Kafka ${compat.version} ${compatOk.status === 0 ? 'passed' : 'FAILED'}`);
  // Tests the name filter leaves out are reported as skipped; they ran above, on the newer broker.
  add({ ...vitestTally(compatReport), skipped: 0 });
  log(`finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
  return tally.failed === 0 && tally.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(
      `[test] error: ${error instanceof StackError ? error.message : ((error as Error).stack ?? String(error))}`,
    );
    process.exit(1);
  },
);
