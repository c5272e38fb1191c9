import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { InfluxV1Client } from '@flights/influx';
import {
  AGGREGATOR_CLI,
  buildWebClient,
  REPLAYER_CLI,
  runCli,
  spawnApp,
  stopContinuousQueries,
  WEB_SERVER,
  type RunningApp,
} from '@flights/infra/testing';
import { e2eEnv } from './e2eEnv.ts';

/**
 * The usual band in the entity detail, against InfluxDB's own minutes: three weeks of a generated calendar
 * replayed as history (the aggregator writes the minutes and re-rolls the hourly rollups the band is learnt from);
 * for each hour of the last day, the band must be the mean and spread of IndiGo's flights in the same hour of the
 * week over the four weeks before, counted here from the minutes.
 */
const H = 3_600_000;
const DAY = 24 * H;
const WEEK = 7 * DAY;
const env = e2eEnv('usual');
const influx = new InfluxV1Client({ url: process.env.INFLUX_URL!, database: env.INFLUX_DB });
let aggregator: RunningApp;
let web: RunningApp;
let url: string;

async function flights(from: string): Promise<number> {
  const [series] = await influx.query(`SELECT sum(flights) AS f FROM ${from}`);
  return Number(series?.rows[0]?.f ?? 0);
}

/** The usual per hour bucket, as docs/alerts.md defines it, from InfluxDB's minutes of IndiGo. */
async function expectedUsual(buckets: number[], now: number) {
  const to = Math.floor(now / H) * H - H;
  const from = to - 4 * WEEK;
  const [series] = await influx.query(
    `SELECT sum(flights) AS f FROM flights_by_carrier WHERE carrier = 'IndiGo' AND time >= ${from}ms AND time < ${to}ms GROUP BY time(1h) fill(0)`,
  );
  const hourly = new Map((series?.rows ?? []).map((row) => [Number(row.time), Number(row.f)]));
  return buckets.map((bucket) => {
    const samples: number[] = [];
    for (let hour = bucket - 4 * WEEK; hour < to; hour += WEEK) if (hour >= from) samples.push(hourly.get(hour) ?? 0);
    const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
    const spread = Math.sqrt(samples.reduce((a, b) => a + (b - mean) ** 2, 0) / (samples.length - 1));
    return { mean, spread };
  });
}

test.describe
  .serial('the usual band', () => {
    test.beforeAll(async () => {
      test.setTimeout(300_000);
      buildWebClient();
      aggregator = spawnApp(AGGREGATOR_CLI, [], env);
      await aggregator.waitFor(/joined group/, 120_000);
      web = spawnApp(WEB_SERVER, [], env);
      url = (await web.waitFor(/dashboard on (http:\S+)/, 60_000))[1]!;
      const file = join(mkdtempSync(join(tmpdir(), 'e2e-usual-')), 'calendar.csv');
      const today = new Date(Math.floor(Date.now() / DAY) * DAY);
      const from = new Date(today.getTime() - 21 * DAY).toISOString().slice(0, 10);
      const generated = await runCli(REPLAYER_CLI, [
        'generate',
        file,
        '--from',
        from,
        '--days',
        '21',
        '--per-day',
        '480',
      ]);
      expect(generated.code, generated.stderr).toBe(0);
      const replay = await runCli(REPLAYER_CLI, [file, '--clock', 'calendar', '--since', '22d'], env);
      expect(replay.code, replay.stderr).toBe(0);
      // The summary: one JSON line on stdout when not on a terminal.
      const summary = replay.stdout
        .trim()
        .split('\n')
        .findLast((line) => line.startsWith('{'));
      const { sent } = JSON.parse(summary!) as { sent: number };
      expect(sent).toBeGreaterThan(9000);
      // The minutes, then the hourly rollups the aggregator re-rolls for history.
      await expect.poll(() => flights('flights_total'), { timeout: 120_000, intervals: [1000] }).toBe(sent);
      await expect
        .poll(() => flights('flights_400d.flights_total'), { timeout: 180_000, intervals: [2000] })
        .toBe(sent);
    });

    test.afterAll(async () => {
      await Promise.all([web?.stop(), aggregator?.stop()]);
      await stopContinuousQueries(env.INFLUX_DB);
    });

    test("draws each hour's usual as InfluxDB's minutes give it, and shows it on hover", async ({ page }) => {
      test.setTimeout(120_000);
      await page.goto(`${url}?range=24h&entity=carrier:IndiGo`);
      const chart = page.locator('.entity-charts .sparkline').first();
      await expect(chart).toHaveAttribute('data-usual-mean', /\d/, { timeout: 30_000 });
      const read = async () =>
        chart.evaluate((el) => ({
          first: Number(el.getAttribute('data-first-bucket')),
          count: el.getAttribute('data-values')!.split(',').length,
          mean: el.getAttribute('data-usual-mean')!.split(',').map(Number),
          spread: el.getAttribute('data-usual-spread')!.split(',').map(Number),
        }));
      const shown = await read();
      const buckets = Array.from({ length: shown.count }, (_, i) => shown.first + i * H);
      const expected = await expectedUsual(buckets, Date.now());
      expect(shown.mean).toEqual(expected.map((u) => u.mean));
      for (const [i, spread] of shown.spread.entries()) expect(spread).toBeCloseTo(expected[i]!.spread, 9);
      expect(Math.max(...shown.mean)).toBeGreaterThan(3);

      // The busiest usual hour, hovered: "usual a–b", mean ± one spread rounded.
      const i = shown.mean.indexOf(Math.max(...shown.mean));
      const axis = (await chart.locator('.recharts-xAxis .recharts-cartesian-axis-line').boundingBox())!;
      const box = (await chart.boundingBox())!;
      await page.mouse.move(axis.x + ((i + 0.5) / shown.count) * axis.width, box.y + box.height / 3);
      const low = Math.round(Math.max(0, expected[i]!.mean - expected[i]!.spread));
      const high = Math.round(expected[i]!.mean + expected[i]!.spread);
      await expect(page.getByTestId('tooltip-usual')).toHaveText(`usual ${low}–${high}`);
    });
  });
