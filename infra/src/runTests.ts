import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './commands.ts';
import { LOCAL_DIR, REPO_ROOT } from './paths.ts';
import { StackError, stackConfig, stackDown, stackUp } from './stack.ts';
import { buildInflux } from './influx/buildInflux.ts';
import { type CompatRun, compatRuns } from './testing/compatRun.ts';
import { ensureChromium } from './testing/ensureChromium.ts';
import { FAILED_STEP, playwrightTally, slowestFiles, type Tally, vitestTally } from './testing/suiteReports.ts';
import { applyTestStackEnv } from './testing/testStackEnv.ts';

/**
 * The whole suite, as `npm test` and CI run it: the test stack up (installing
 * what is missing), type check, lint and format check (Biome), the unit and
 * integration specs (vitest: side by side, then those that stop the shared
 * servers one at a time), the end-to-end specs (Playwright), the test stack
 * down again. Beside the serial specs and the end-to-end ones, short
 * compatibility passes, one after another, each on a stack of its own: the
 * older Kafka line, the current InfluxDB 1.x and 2.x (built from their Go
 * modules before anything else, once). Their output is printed as each
 * ends, not mixed in. Ends with the ten slowest spec files and one line
 * "tests: N passed, N failed, N skipped".
 */
const reports = join(LOCAL_DIR, 'reports');
const bin = (name: string) => join(REPO_ROOT, 'node_modules', '.bin', name);
const log = (line: string) => console.log(`[test] ${line}`);
const vitestReports: string[] = [];
const playwrightReport = join(reports, 'playwright.json');

/**
 * One step, its output straight to ours. Not spawnSync: the compatibility passes run beside the later steps,
 * and the event loop must stay free to start each pass when the one before it ends.
 */
function step(title: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<boolean> {
  log(title);
  const child = spawn(command, args, { cwd: REPO_ROOT, stdio: 'inherit', env: { ...process.env, ...env } });
  return new Promise((resolve) => {
    child.once('error', () => resolve(false));
    child.once('close', (code) => resolve(code === 0));
  });
}

/** What this run tests on, first in the output, so a report says which runtimes it covers. */
function printVersions(kafka: string, compat: CompatRun[]): void {
  const influxd = run('influxd', ['version']).output.match(/InfluxDB v?(\S+)/)?.[1] ?? '(not installed yet)';
  const passes = compat.map((pass) => pass.label).join(', ');
  log(`Node.js ${process.version}, Kafka ${kafka}, InfluxDB ${influxd}; compatibility passes: ${passes}`);
}

/** One vitest run with its own JSON report; its tally. */
async function vitest(title: string, name: string, args: string[]): Promise<Tally> {
  const report = join(reports, `${name}.json`);
  vitestReports.push(report);
  await step(title, bin('vitest'), [...args, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`]);
  return vitestTally(report);
}

async function playwright(): Promise<Tally> {
  if (!existsSync(join(REPO_ROOT, 'e2e', 'playwright.config.ts'))) return { passed: 0, failed: 0, skipped: 0 };
  ensureChromium(log);
  await step('end-to-end specs (Playwright)', bin('pnpm'), ['--filter', '@flights/e2e', 'exec', 'playwright', 'test'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  });
  return playwrightTally(playwrightReport);
}

/** One compatibility pass on its own stack (its global setup starts and stops it), its output kept in a log and printed when it ends. */
function compatPass(pass: CompatRun): Promise<Tally> {
  const report = join(reports, `vitest-${pass.name}.json`);
  const logFile = join(reports, `${pass.name}.log`);
  vitestReports.push(report);
  const args = [...pass.vitestArgs, '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  const env = { ...process.env, ...pass.env };
  // Straight into a file, printed whole when the pass ends: not mixed into the output of the steps beside it.
  const fd = openSync(logFile, 'w');
  const child = spawn(bin('vitest'), args, { cwd: REPO_ROOT, env, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return new Promise((resolve) => {
    child.once('close', () => {
      process.stdout.write(readFileSync(logFile, 'utf8'));
      const tally = vitestTally(report);
      log(`compatibility pass on ${pass.label} ${tally.failed === 0 && tally.passed > 0 ? 'passed' : 'FAILED'}`);
      // Tests the name filter leaves out are reported as skipped; they ran on the default servers.
      resolve({ ...tally, failed: tally.passed > 0 ? tally.failed : Math.max(1, tally.failed), skipped: 0 });
    });
  });
}

/** The compatibility passes, one after another in the background (two cores: side by side they would starve the suite). */
async function startCompatPasses(passes: CompatRun[]): Promise<Tally> {
  log(`compatibility passes in the background, one after another: ${passes.map((pass) => pass.label).join(', ')}`);
  const total: Tally = { passed: 0, failed: 0, skipped: 0 };
  for (const pass of passes) {
    const tally = await compatPass(pass);
    total.passed += tally.passed;
    total.failed += tally.failed;
  }
  return total;
}

/** Everything that runs on the suite's own test stack; the compatibility run goes alongside its second half. */
async function onTestStack(add: (tally: Tally) => void, passes: CompatRun[]): Promise<{ compat: Promise<Tally> }> {
  if (!(await step('type check', bin('pnpm'), ['-r', '--workspace-concurrency=2', 'run', 'typecheck'])))
    add(FAILED_STEP);
  if (!(await step('lint and format (Biome)', bin('biome'), ['ci', '--colors=off', '.']))) add(FAILED_STEP);
  add(
    await vitest('unit and integration specs (vitest)', 'vitest', [
      'run',
      '--project',
      'unit',
      '--project',
      'integration',
    ]),
  );
  const compat = startCompatPasses(passes);
  add(
    await vitest('integration specs that stop the shared servers, one at a time', 'vitest-serial', [
      'run',
      '--project',
      'integration-serial',
    ]),
  );
  add(await playwright());
  return { compat };
}

async function main(): Promise<number> {
  applyTestStackEnv();
  const started = Date.now();
  const config = stackConfig();
  const passes = compatRuns();
  printVersions(config.kafkaVersion, passes);
  rmSync(reports, { recursive: true, force: true });
  mkdirSync(reports, { recursive: true });
  const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
  const add = (t: Tally) => {
    tally.passed += t.passed;
    tally.failed += t.failed;
    tally.skipped += t.skipped;
  };

  // Built before anything runs (once, then cached): a pass's stack must not build while the suite times it.
  for (const pass of passes) if (pass.env.INFLUXDB_VERSION) await buildInflux(pass.env.INFLUXDB_VERSION, log);
  const up = await stackUp(config, log);
  const stop = async () => stackDown(config, up.started);
  const onSignal = () => {
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let compatTally: Promise<Tally> = Promise.resolve(FAILED_STEP);
  try {
    ({ compat: compatTally } = await onTestStack(add, passes));
  } finally {
    await stop();
  }
  add(await compatTally);
  log('slowest spec files:');
  for (const line of slowestFiles(vitestReports, playwrightReport)) log(line);
  log(`finished in ${Math.round((Date.now() - started) / 1000)} s`);
  console.log(`tests: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
  return tally.failed === 0 && tally.passed > 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message = error instanceof StackError ? error.message : ((error as Error).stack ?? String(error));
    console.error(`[test] error: ${message}`);
    process.exit(1);
  },
);
