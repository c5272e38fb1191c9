import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InfluxV1Client } from '@flights/influx';
import {
  GROUND_TRUTH,
  pipelineScenario,
  requireDataTrain,
  waitForFlights,
  type PipelineScenario,
} from '@flights/infra/testing';
import { DASHBOARD_FILES } from '@flights/dashboards';
import { PANELS, type InfluxPanel } from '@flights/dashboards/panels';

const [grafanaFile, chronografFile] = DASHBOARD_FILES.map((f) => JSON.parse(readFileSync(f.path, 'utf8')));

interface Extracted {
  title: string;
  query: string;
}

/** Every InfluxQL the Grafana file holds (InfluxDB panels, template variables, the alerts annotations), with Grafana's variables filled in as Grafana does. */
function grafanaQueries(now: number): Extracted[] {
  const fill = (q: string) =>
    q
      .replaceAll('$timeFilter', `time >= ${now - 3_600_000}ms and time <= ${now + 60_000}ms`)
      .replaceAll('$__interval', '1m')
      .replaceAll('$carrier', '(IndiGo|Jet Airways)')
      .replaceAll('$airport', '(DEL|BLR)')
      .replaceAll('$route', '(DEL-COK)');
  const panels = grafanaFile.panels.flatMap(
    (p: { title: string; targets: { datasource: { type: string }; query?: string }[] }) =>
      p.targets.filter((t) => t.datasource.type === 'influxdb').map((t) => ({ title: p.title, query: fill(t.query!) })),
  );
  const variables = grafanaFile.templating.list.map((v: { name: string; query: string }) => ({
    title: `variable ${v.name}`,
    query: v.query,
  }));
  const annotations = grafanaFile.annotations.list.map((a: { name: string; query: string }) => ({
    title: a.name,
    query: fill(a.query),
  }));
  return [...panels, ...variables, ...annotations];
}

/** Every InfluxQL the Chronograf file holds, with Chronograf's template variables filled in as Chronograf does. */
function chronografQueries(database: string): Extracted[] {
  const fill = (q: string) =>
    q
      .replaceAll(':upperDashboardTime:', 'now() + 1m')
      .replaceAll(':dashboardTime:', 'now() - 1h')
      .replaceAll(':interval:', '1m')
      .replaceAll(':carrier:', "'IndiGo'")
      .replaceAll(':airport:', "'DEL'")
      .replaceAll(':route:', "'DEL-COK'");
  const cells = chronografFile.dashboard.cells.flatMap((c: { name: string; queries: { query: string }[] }) =>
    c.queries.map((q) => ({ title: c.name, query: fill(q.query) })),
  );
  const variables = chronografFile.dashboard.templates.map(
    (t: { tempVar: string; query: { influxql: string; measurement: string; tagKey: string } }) => ({
      title: `variable ${t.tempVar}`,
      query: t.query.influxql
        .replace(':database:', `"${database}"`)
        .replace(':measurement:', `"${t.query.measurement}"`)
        .replace(':tagKey:', `"${t.query.tagKey}"`),
    }),
  );
  return [...cells, ...variables];
}

async function leaderboardCounts(influx: InfluxV1Client, query: string, tag: string): Promise<Record<string, number>> {
  const series = await influx.query(query);
  return Object.fromEntries(series.map((s) => [s.tags[tag]!, Number(s.rows[0]!.flights)]));
}

let scenario: PipelineScenario;
let now: number;

beforeAll(async () => {
  scenario = pipelineScenario('dashboards');
  const aggregator = scenario.startAggregator();
  await aggregator.waitFor(/joined group/);
  const replay = await scenario.replay([requireDataTrain(), '--partitions', '3', '--quiet']);
  expect(replay.code).toBe(0);
  await waitForFlights(scenario.influx, GROUND_TRUTH.rows, 120_000);
  now = Date.now();
});

afterAll(async () => {
  await scenario?.cleanup();
});

describe('Grafana and Chronograf dashboards on the real InfluxDB, after a replay of Data_Train.xlsx', () => {
  it('every query of both files runs without an error, no placeholder left', async () => {
    const queries = [...grafanaQueries(now), ...chronografQueries(scenario.influx.database)];
    expect(queries.length).toBeGreaterThan(20);
    for (const { title, query } of queries) {
      expect(query, title).not.toMatch(/\$\w|:\w+:|\{\w+\}/);
      await expect(scenario.influx.query(query), `${title}: ${query}`).resolves.toBeDefined();
    }
  });

  it.each(
    PANELS.filter((p): p is InfluxPanel & { leaderboard: object } => p.kind === 'influx' && Boolean(p.leaderboard)).map(
      (p) => [p.title, p] as const,
    ),
  )('the "%s" leaderboard equals the shared README in both files', async (title, panel) => {
    const truth = GROUND_TRUTH[panel.leaderboard!.truth];
    const grafana = grafanaQueries(now).find((q) => q.title === title)!;
    const chronograf = chronografQueries(scenario.influx.database).find((q) => q.title === title)!;
    expect(await leaderboardCounts(scenario.influx, grafana.query, panel.leaderboard!.tag)).toEqual(truth);
    expect(await leaderboardCounts(scenario.influx, chronograf.query, panel.leaderboard!.tag)).toEqual(truth);
  });

  it('the template variables filter: the chosen carriers and the exact average fare', async () => {
    const chosen = grafanaQueries(now).find((q) => q.title === 'Flights of the chosen carriers')!;
    const sums = (await scenario.influx.query(chosen.query)).map((s) => [
      s.tags.carrier,
      s.rows.reduce((sum, row) => sum + Number(row.flights), 0),
    ]);
    expect(Object.fromEntries(sums)).toEqual({
      IndiGo: GROUND_TRUTH.carriers.IndiGo,
      'Jet Airways': GROUND_TRUTH.carriers['Jet Airways'],
    });
    const fare = chronografQueries(scenario.influx.database).find((q) => q.title === 'Average fare (INR)')!;
    const [series] = await scenario.influx.query(fare.query);
    expect(Number(series!.rows[0]!.avg_fare)).toBeCloseTo(GROUND_TRUTH.fareSum / GROUND_TRUTH.rows, 6);
  });
});
