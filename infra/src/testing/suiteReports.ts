import { existsSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { REPO_ROOT } from '../paths.ts';

/** Tests counted by outcome over every part of the suite. */
export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}

export const FAILED_STEP: Tally = { passed: 0, failed: 1, skipped: 0 };

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numFailedTestSuites: number;
  testResults: { name: string; startTime: number; endTime: number }[];
}

interface PlaywrightReport {
  stats: { expected: number; unexpected: number; flaky: number; skipped: number };
  suites?: { file: string; specs: { tests: { results: { duration: number }[] }[] }[] }[];
}

function read<T>(file: string): T | undefined {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as T) : undefined;
}

export function vitestTally(file: string): Tally {
  const report = read<VitestReport>(file);
  if (!report) return FAILED_STEP;
  // A spec file that fails to load has no tests to count: count it as a failure.
  return {
    passed: report.numPassedTests,
    failed: report.numFailedTests + (report.numFailedTests === 0 ? report.numFailedTestSuites : 0),
    skipped: report.numPendingTests + report.numTodoTests,
  };
}

export function playwrightTally(file: string): Tally {
  const report = read<PlaywrightReport>(file);
  if (!report) return FAILED_STEP;
  return {
    passed: report.stats.expected + report.stats.flaky,
    failed: report.stats.unexpected,
    skipped: report.stats.skipped,
  };
}

/** Seconds each spec file took, from the vitest and Playwright reports of this run. */
function fileSeconds(vitestReports: string[], playwrightReport: string): [string, number][] {
  const out: [string, number][] = [];
  for (const file of vitestReports) {
    for (const result of read<VitestReport>(file)?.testResults ?? []) {
      out.push([relative(REPO_ROOT, result.name), (result.endTime - result.startTime) / 1000]);
    }
  }
  for (const suite of read<PlaywrightReport>(playwrightReport)?.suites ?? []) {
    const ms = suite.specs.flatMap((spec) => spec.tests.flatMap((test) => test.results.map((r) => r.duration)));
    out.push([`e2e/tests/${suite.file}`, ms.reduce((sum, d) => sum + d, 0) / 1000]);
  }
  return out;
}

/** The ten slowest spec files of this run, slowest first: where the suite's time goes. */
export function slowestFiles(vitestReports: string[], playwrightReport: string, count = 10): string[] {
  return fileSeconds(vitestReports, playwrightReport)
    .sort(([, a], [, b]) => b - a)
    .slice(0, count)
    .map(([file, seconds]) => `${seconds.toFixed(1).padStart(7)} s  ${file}`);
}
