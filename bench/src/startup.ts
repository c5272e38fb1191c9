import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ENTRIES } from '@flights/infra/apps';
import { pipelineScenario, REPO_ROOT } from '@flights/infra/testing';
import type { Figures } from './results.ts';

/** How an app's TypeScript is run: Node's own type stripping (the apps' way), or the tsx loader they used before. */
const RUNTIMES = { node: [], tsx: ['--import', import.meta.resolve('tsx')] } as const;
type Runtime = keyof typeof RUNTIMES;

/**
 * `ready`: the line after which the app serves (its RSS is read then). `loaded`: the arguments that make it
 * load every module and exit at once (--help), so the start time is the runtime's and not Kafka's: the
 * aggregator's ready line waits for its group to form. The web server has no --help; it starts without
 * waiting for anyone, so its ready line is its start time.
 */
const APPS = {
  aggregator: { entry: APP_ENTRIES.aggregator, ready: /\[aggregator\] consuming /, loaded: ['--help'] },
  replayer: { entry: APP_ENTRIES.replayer, ready: undefined, loaded: ['--help'] },
  web: { entry: APP_ENTRIES.web, ready: /dashboard on http/, loaded: undefined },
} as const;

/** Resident set size of a live process, in MB (Linux). */
function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN);
  return Math.round(kb / 1024);
}

/**
 * Starts the app once with `args`: milliseconds from spawn until `ready` shows in its output (or until it
 * exits, without one), and its RSS then (NaN without one).
 */
function startOnce(
  entry: string,
  args: readonly string[],
  ready: RegExp | undefined,
  runtime: Runtime,
  env: Record<string, string>,
): Promise<{ ms: number; rss: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [...RUNTIMES[runtime], join(REPO_ROOT, entry), ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, INIT_CWD: REPO_ROOT },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let figures: { ms: number; rss: number } | undefined;
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (figures || !ready?.test(output)) return;
      figures = { ms: Math.round(performance.now() - started), rss: rssMb(child.pid!) };
      child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      if (figures) resolve(figures);
      else if (!ready && code === 0) resolve({ ms: Math.round(performance.now() - started), rss: Number.NaN });
      else reject(new Error(`${entry} (${runtime}) exited ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** The median of `runs` starts, in ms and MB. */
async function medianOf(
  runs: number,
  start: () => Promise<{ ms: number; rss: number }>,
): Promise<{ ms: number; rss: number }> {
  const samples: { ms: number; rss: number }[] = [];
  for (let i = 0; i < runs; i += 1) samples.push(await start());
  return { ms: median(samples.map((s) => s.ms)), rss: median(samples.map((s) => s.rss)) };
}

/**
 * Each app on Node's own type stripping and on the tsx loader, alternated in
 * one run, medians of `runs`: the time to load every module (`--help`; the
 * web server's time to listen), and the RSS once serving (the aggregator
 * consuming, the web server listening).
 */
export async function startup(runs: number): Promise<Figures> {
  const scenario = pipelineScenario('startup', 'bench');
  const env = { ...scenario.env, WEB_PORT: '0' };
  const figures: Figures = {};
  try {
    for (const [app, { entry, ready, loaded }] of Object.entries(APPS)) {
      for (const runtime of Object.keys(RUNTIMES) as Runtime[]) {
        const load = await medianOf(runs, () =>
          startOnce(entry, loaded ?? [], loaded ? undefined : ready, runtime, env),
        );
        figures[`startup_${app}_${runtime}_ms`] = load.ms;
        let line = `${app} on ${runtime}: loaded in ${load.ms} ms`;
        if (ready) {
          const serving = loaded ? await medianOf(runs, () => startOnce(entry, [], ready, runtime, env)) : load;
          figures[`startup_${app}_${runtime}_rss_mb`] = serving.rss;
          line += `, ${serving.rss} MB RSS once serving`;
        }
        console.error(`${line} (medians of ${runs})`);
      }
    }
    return figures;
  } finally {
    await scenario.cleanup();
  }
}
