import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALERTS_MEASUREMENT, MEASUREMENTS } from '@flights/schemas';
import {
  pipelineScenario,
  requireDataTrain,
  spawnApp,
  WEB_SERVER,
  type PipelineScenario,
  type RunningApp,
} from '@flights/infra/testing';

const scenarios: PipelineScenario[] = [];
const apps: RunningApp[] = [];
const closers: (() => void)[] = [];
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.stop('SIGKILL')));
  await Promise.all(scenarios.splice(0).map((s) => s.cleanup()));
  for (const close of closers.splice(0)) close();
});

interface Received {
  key: string;
  header: string | undefined;
  body: { status: string; at: string; value: number; entity: string; message: string };
}

/** A webhook receiver on a free port: every POST it got. */
async function receiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => {
      const body = JSON.parse(text);
      received.push({ key: body.key, header: request.headers['idempotency-key'] as string | undefined, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => server.close());
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, received };
}

const M = 60_000;
const THRESHOLD = 100;

/** The first minute whose 5-minute window ending with it holds more than THRESHOLD IndiGo flights, from InfluxDB. */
async function expectedFiring(s: PipelineScenario): Promise<{ at: number; value: number }> {
  const [series] = await s.influx.query(
    `SELECT sum(flights) AS flights FROM ${MEASUREMENTS.carrier} WHERE carrier = 'IndiGo' AND time > now() - 1h GROUP BY time(1m) fill(0)`,
  );
  const minutes = (series?.rows ?? []).map((row) => ({ at: Number(row.time), flights: Number(row.flights) }));
  for (const { at } of minutes) {
    const value = minutes.filter((m) => m.at > at - 5 * M && m.at <= at).reduce((sum, m) => sum + m.flights, 0);
    if (value > THRESHOLD) return { at, value };
  }
  throw new Error('no minute over the threshold');
}

describe('alert rules on the live minutes', () => {
  it('fire once, at the right minute, with the same key from two web servers, into webhooks and InfluxDB', async () => {
    const s = pipelineScenario('alerts');
    scenarios.push(s);
    const hook = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'alerts-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const rules = join(dir, 'rules.yaml');
    writeFileSync(
      rules,
      `receivers:
  - { name: hook, url: ${hook.url} }
rules:
  - name: indigo-busy
    metric: flights
    dimension: carrier
    entity: IndiGo
    window: 5m
    condition: { above: ${THRESHOLD} }
    message: "{{entity}}: {{value}} flights in {{window}}"
  - name: fares-absurd
    metric: averageFare
    dimension: carrier
    window: 5m
    condition: { above: 1000000 }
`,
    );
    const aggregator = s.startAggregator();
    apps.push(aggregator);
    await aggregator.waitFor(/joined group/);
    const webs = [0, 1].map(() => spawnApp(WEB_SERVER, [], { ...s.env, WEB_PORT: '0', ALERT_RULES: rules }));
    apps.push(...webs);
    const urls = await Promise.all(webs.map(async (web) => (await web.waitFor(/dashboard on (http:\S+)/))[1]!));
    expect((await s.replay([requireDataTrain()])).code).toBe(0);

    // A minute is judged 5 s after it ends: at most about 70 s after the replay.
    const deadline = Date.now() + 100_000;
    while (hook.received.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
    await new Promise((r) => setTimeout(r, 5000)); // nothing more may come
    const expected = await expectedFiring(s);
    expect(hook.received.map((r) => r.key)).toEqual([
      `indigo-busy/IndiGo/${expected.at}/firing-0`,
      `indigo-busy/IndiGo/${expected.at}/firing-0`,
    ]);
    for (const { header, key, body } of hook.received) {
      expect(header).toBe(key);
      expect(body).toMatchObject({ status: 'firing', entity: 'IndiGo', value: expected.value });
      expect(body.at).toBe(new Date(expected.at).toISOString());
      expect(body.message).toBe(`IndiGo: ${expected.value} flights in 5m`);
    }
    const [points] = await s.influx.query(`SELECT "key", "value" FROM ${ALERTS_MEASUREMENT} WHERE time > now() - 1h`);
    expect(points?.rows.map((row) => row.key)).toEqual([`indigo-busy/IndiGo/${expected.at}/firing-0`]);
    for (const url of urls) {
      const listed = await (await fetch(new URL('/api/alerts', url))).json();
      expect(listed.rules.map((rule: { name: string }) => rule.name)).toEqual(['indigo-busy', 'fares-absurd']);
      expect(listed.firing).toMatchObject([{ rule: 'indigo-busy', entity: 'IndiGo', value: expected.value }]);
    }
  }, 180_000);

  it('refuses a bad rules file at start: every problem in one line each, exit status 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-bad-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const rules = join(dir, 'bad.yaml');
    writeFileSync(rules, 'rules:\n  - name: x\n    metric: flights\n    window: 3h\n    condition: { above: 1 }\n');
    const web = spawnApp(WEB_SERVER, [], { WEB_PORT: '0', ALERT_RULES: rules });
    apps.push(web);
    const code = await new Promise((resolve) =>
      web.child.exitCode === null ? web.child.once('exit', resolve) : resolve(web.child.exitCode),
    );
    expect(code).toBe(2);
    expect(web.output()).toContain('rule 1 (x) window: 3h is outside 5m to 2h');
    expect(web.output()).not.toMatch(/\n\s+at /);
  });
});
