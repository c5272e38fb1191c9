import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { pipelineScenario, spawnApp, WEB_SERVER } from '@flights/infra/testing';
import { hashPassword } from '../../apps/web/server/security/passwordHash.ts';
import { percentile } from './livePipeline.ts';
import type { Figures } from './results.ts';

const USER = 'ana';
const PASSWORD = 'correct horse battery staple';
const basic = (password: string) => `Basic ${Buffer.from(`${USER}:${password}`).toString('base64')}`;

/** One GET from a loopback address of its own; resolves with the status and how long the answer took. */
function timedGet(
  url: string,
  from: string,
  agent: Agent,
  headers: Record<string, string> = {},
): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request(
      { host: target.hostname, port: target.port, path: target.pathname, headers, localAddress: from, agent },
      (response) => {
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode!, ms: performance.now() - started }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** A client that sends wrong passwords back to back until `until`, from its own address; counts the answers by status. */
async function guesser(url: string, from: string, until: number, statuses: Map<number, number>): Promise<void> {
  const agent = new Agent({ keepAlive: true });
  for (let i = 0; Date.now() < until; i += 1) {
    const { status } = await timedGet(url, from, agent, { authorization: basic(`guess ${i}`) }).catch(() => ({
      status: 0,
    }));
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    // A throttled guesser that ignored Retry-After would only spin: it asks again at once, as an attacker would.
  }
  agent.destroy();
}

/** Every `everyMs`, a fresh good login (no session) and an unauthenticated /healthz, each from an address of its own. */
async function measure(url: string, until: number, everyMs: number) {
  const logins: number[] = [];
  const health: number[] = [];
  const agent = new Agent({ keepAlive: false });
  while (Date.now() < until) {
    const [login, healthz] = await Promise.all([
      timedGet(url, '127.0.0.2', agent, { authorization: basic(PASSWORD) }),
      timedGet(new URL('/healthz', url).href, '127.0.0.3', agent),
    ]);
    if (login.status !== 200) throw new Error(`the good login was answered ${login.status}`);
    logins.push(login.ms);
    health.push(healthz.ms);
    await sleep(everyMs);
  }
  return { logins, health };
}

const summary = (values: number[]) => ({
  p50: Math.round(percentile(values, 50)),
  p95: Math.round(percentile(values, 95)),
  max: Math.round(Math.max(...values)),
});

/** A web server with basic auth on the scenario's database; its cache of checked credentials starts empty. */
async function startWeb(env: Record<string, string>) {
  const web = spawnApp(WEB_SERVER, [], { ...env, WEB_PORT: '0', WEB_BASIC_AUTH: `${USER}:${hashPassword(PASSWORD)}` });
  const url = (await web.waitFor(/dashboard on (http:\S+)/, 120_000))[1]!;
  return { web, url };
}

/** A first login (its password hashed, nothing cached), from an address of its own. */
async function firstLogin(url: string): Promise<number> {
  const login = await timedGet(url, '127.0.0.2', new Agent(), { authorization: basic(PASSWORD) });
  if (login.status !== 200) throw new Error(`the good login was answered ${login.status}`);
  return Math.round(login.ms);
}

/**
 * `guessers` clients send wrong passwords to a dashboard with basic auth for
 * `seconds`, each from its own loopback address, asking again at once
 * whatever the answer. Half a second in (the guessers' free attempts all
 * hashing), a user's first login; then every half second the same user's
 * login again and an unauthenticated /healthz. The quiet baseline is a first
 * login on a server of its own with nothing else going on. The guessers'
 * answers are counted by status (401 wrong, 429 throttled, 503 busy).
 */
export async function passwordGuessing(guessers: number, seconds: number): Promise<Figures> {
  const scenario = pipelineScenario('guessing', 'bench');
  const aggregator = scenario.startAggregator(); // creates the database the dashboard reads
  await aggregator.waitFor(/joined group/, 120_000);
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  try {
    web = await startWeb(scenario.env);
    const quietFirst = await firstLogin(web.url);
    await web.web.stop();
    web = await startWeb(scenario.env);
    const statuses = new Map<number, number>();
    const until = Date.now() + seconds * 1000;
    const attack = Array.from({ length: guessers }, (_, i) => guesser(web!.url, `127.0.0.${10 + i}`, until, statuses));
    await sleep(500);
    const attackedFirst = await firstLogin(web.url);
    const [under] = await Promise.all([measure(web.url, until, 500), ...attack]);
    const [login, healthz] = [summary(under.logins), summary(under.health)];
    const answers = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
    console.error(
      `first login: quiet ${quietFirst} ms, under ${guessers} guessers ${attackedFirst} ms; later logins p50 ${login.p50}, p95 ${login.p95}, max ${login.max} ms`,
    );
    console.error(
      `/healthz under ${guessers} guessers: p50 ${healthz.p50}, p95 ${healthz.p95}, max ${healthz.max} ms; guessers answered ${JSON.stringify(answers)}`,
    );
    return {
      guessing_quiet_first_login_ms: quietFirst,
      guessing_first_login_ms: attackedFirst,
      guessing_login_p50_ms: login.p50,
      guessing_login_p95_ms: login.p95,
      guessing_login_max_ms: login.max,
      guessing_healthz_p95_ms: healthz.p95,
      guessing_healthz_max_ms: healthz.max,
      guessing_answers_401: statuses.get(401) ?? 0,
      guessing_answers_429: statuses.get(429) ?? 0,
      guessing_answers_503: statuses.get(503) ?? 0,
    };
  } finally {
    await Promise.all([web?.web.stop(), aggregator.stop()]);
    await scenario.cleanup();
  }
}
