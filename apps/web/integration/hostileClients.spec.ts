import { afterAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { SOCKET_EVENTS, type DashboardSnapshot } from '@flights/schemas';
import {
  pipelineScenario,
  REPLAYER_CLI,
  spawnApp,
  WEB_SERVER,
  type PipelineScenario,
  type RunningApp,
} from '@flights/infra/testing';

/**
 * The web server under a flood: 50 clients sending random, oversized and
 * unknown messages as fast as they can, reconnecting when thrown out, while
 * live flights come in and one well-behaved browser watches 15 minutes. The
 * server must stay up, keep pushing to the browser, and disconnect the
 * flooders with a reason. FLOOD_SECONDS sets the flood (the suite: 20 s; the
 * issue's acceptance run: FLOOD_SECONDS=60).
 */
const FLOOD_MS = Number(process.env.FLOOD_SECONDS ?? 20) * 1000;
const FLOODERS = 50;

const apps: RunningApp[] = [];
const scenarios: PipelineScenario[] = [];
afterAll(async () => {
  await Promise.all(apps.splice(0).map((app) => app.stop()));
  await Promise.all(scenarios.splice(0).map((s) => s.cleanup()));
});

let seed = 2026;
const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const pick = <T>(items: T[]) => items[Math.floor(rand() * items.length)]!;

/** One random message: junk subscriptions, unknown events, wrong types, a payload past the 10 KB cap. */
function junk(socket: Socket): void {
  const payloads: unknown[] = [
    { range: pick(['15m', '3 weeks', '', null, 42]) },
    { from: 'yesterday', to: 'now' },
    { from: '2026-01-01T00:00:00Z', to: '2025-01-01T00:00:00Z' },
    'x'.repeat(Math.floor(rand() * 20_000)),
    Math.random(),
    [1, [2, [3]]],
    { __proto__: { polluted: true } },
    null,
  ];
  const event = pick([
    SOCKET_EVENTS.subscribe,
    SOCKET_EVENTS.subscribe,
    'snapshot',
    'admin',
    'x'.repeat(300),
    '__proto__',
    'connect',
  ]);
  try {
    socket.emit(event, pick(payloads));
  } catch {
    // socket.io-client refuses reserved event names on its own side: that is fine, the next one goes.
  }
}

function flooder(url: string, until: number, tally: { refusals: number; connections: number }): Promise<void> {
  return new Promise((resolve) => {
    const round = () => {
      if (Date.now() >= until) return resolve();
      const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
      tally.connections += 1;
      let timer: NodeJS.Timeout | undefined;
      socket.on('connect', () => {
        timer = setInterval(() => {
          for (let i = 0; i < 10; i += 1) junk(socket);
        }, 5);
      });
      socket.on(SOCKET_EVENTS.refused, (message: string) => {
        if (/disconnected/.test(String(message))) tally.refusals += 1;
      });
      const next = () => {
        clearInterval(timer);
        socket.close();
        setTimeout(round, 50);
      };
      socket.on('disconnect', next);
      socket.on('connect_error', next);
    };
    round();
  });
}

describe('hostile socket clients', () => {
  it(
    `survives ${FLOODERS} clients flooding random messages while a well-behaved browser keeps getting every push`,
    async () => {
      const scenario = pipelineScenario('flood');
      scenarios.push(scenario);
      const aggregator = scenario.startAggregator();
      apps.push(aggregator);
      await aggregator.waitFor(/joined group/);
      const web = spawnApp(WEB_SERVER, [], { ...scenario.env, WEB_PORT: '0' });
      apps.push(web);
      const url = (await web.waitFor(/dashboard on (http:\S+)/))[1]!;
      const replay = spawnApp(
        REPLAYER_CLI,
        [
          'apps/replayer/samples/flights-sample.csv',
          '--loop',
          '--rate',
          '20',
          '--quiet',
          '--topic',
          scenario.topic,
          '--dead-letter-topic',
          `${scenario.topic}.dlq`,
        ],
        scenario.env,
      );
      apps.push(replay);

      // The browser: one subscription, then only listening.
      const pushes: { at: number; flights: number }[] = [];
      const browser = io(url, { transports: ['websocket'], reconnection: false });
      browser.on('connect', () => browser.emit(SOCKET_EVENTS.subscribe, { range: '15m' }));
      browser.on(SOCKET_EVENTS.snapshot, (snapshot: DashboardSnapshot) =>
        pushes.push({ at: Date.now(), flights: snapshot.totals.flights }),
      );
      // Flights before the flood (the replayer and the aggregator start in a few seconds; more on a busy machine).
      const flowing = Date.now() + 30_000;
      while (!((pushes.at(-1)?.flights ?? 0) > 0) && Date.now() < flowing) await new Promise((r) => setTimeout(r, 250));
      expect(pushes.at(-1)?.flights).toBeGreaterThan(0);

      const started = Date.now();
      const tally = { refusals: 0, connections: 0 };
      await Promise.all(Array.from({ length: FLOODERS }, () => flooder(url, started + FLOOD_MS, tally)));
      const during = pushes.filter((p) => p.at >= started);

      // Pushes kept coming, at most a few seconds apart, with the count only growing (live flights at 20/s).
      expect(browser.connected).toBe(true);
      expect(during.length).toBeGreaterThan(FLOOD_MS / 3000);
      const gaps = during.slice(1).map((p, i) => p.at - during[i]!.at);
      expect(Math.max(...gaps)).toBeLessThan(5000);
      expect(during.at(-1)!.flights).toBeGreaterThan(during[0]!.flights);
      // Flooders were thrown out with a reason, again and again; the server is up and says why in its metrics.
      expect(tally.refusals).toBeGreaterThan(FLOODERS);
      const health = await fetch(new URL('/healthz', url));
      expect(health.status).toBeLessThan(500);
      const metrics = await (await fetch(new URL('/metrics', url))).text();
      expect(metrics).toMatch(/web_socket_messages_refused_total\{reason="flood"\} [1-9]/);
      expect(metrics).toMatch(/web_socket_messages_refused_total\{reason="unknown event"\} [1-9]/);
      expect(web.output()).not.toMatch(/^\s+at /m);
      browser.close();
    },
    FLOOD_MS + 120_000,
  );

  it('answers random, malformed and injecting HTTP requests with a status and no internals, and stays up', async () => {
    const s = pipelineScenario('http');
    scenarios.push(s);
    const aggregator = s.startAggregator(); // creates the database and its retention policies
    apps.push(aggregator);
    await aggregator.waitFor(/joined group/);
    const web = spawnApp(WEB_SERVER, [], { ...s.env, WEB_PORT: '0' });
    apps.push(web);
    const url = (await web.waitFor(/dashboard on (http:\S+)/))[1]!.replace(/\/$/, '');
    const paths = [
      '/',
      '/index.html',
      '/metrics',
      '/healthz',
      '/assets/%E0%A4%A',
      '/%',
      '/..%2f..%2f..%2fetc%2fpasswd',
      '/assets/../../package.json',
      `/${'a'.repeat(5000)}`,
      '/api/entity',
      '/api/entity?dimension=carrier',
      '/api/entity?dimension=__proto__&key=a',
      `/api/entity?dimension=carrier&key=${'x'.repeat(300)}`,
      `/api/entity?dimension=carrier&key=${encodeURIComponent(`IndiGo' OR 1=1; DROP DATABASE "flights" --`)}`,
      '/api/entity?dimension=carrier&key=%22%5C&range=30d',
      '/api/entity?dimension=carrier&key=IndiGo&from=2026-01-01&to=1900-01-01',
      '/api/entity?dimension=route&key=DEL-BOM&range=3%20weeks',
      '/socket.io/?EIO=9&transport=carrier-pigeon',
    ];
    const bodies = [undefined, '{"a":', 'x'.repeat(200_000), JSON.stringify({ __proto__: { polluted: true } })];
    let requests = 0;
    for (let i = 0; i < 300; i += 1) {
      const method = pick(['GET', 'GET', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);
      const body = method === 'GET' || method === 'OPTIONS' ? undefined : pick(bodies);
      const path = pick(paths);
      const response = await fetch(url + path, {
        method,
        body,
        headers: { 'content-type': pick(['application/json', 'text/plain', 'multipart/form-data']) },
      }).catch(() => undefined);
      if (!response) continue;
      requests += 1;
      const text = await response.text();
      expect(
        response.status,
        `${method} ${path.slice(0, 100)} answered ${response.status}: ${text.slice(0, 200)}`,
      ).toBeLessThan(500);
      expect(text).not.toMatch(/\n\s+at |node_modules|\/work\/|Error: /);
    }
    expect(requests).toBeGreaterThan(250);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect(web.output()).not.toMatch(/^\s+at /m);
  });
});
