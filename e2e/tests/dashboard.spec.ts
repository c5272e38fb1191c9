import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { SCREENSHOTS, shootAll } from './screenshots.ts';
import { InfluxV1Client } from '@flights/influx';
import {
  AGGREGATOR_CLI,
  buildWebClient,
  GROUND_TRUTH,
  NETWORK_TRUTH,
  REPLAYER_CLI,
  requireDataTrain,
  runCli,
  spawnApp,
  stopContinuousQueries,
  waitForFlights,
  WEB_SERVER,
  type InfluxTotals,
  type RunningApp,
} from '@flights/infra/testing';

/**
 * The whole pipeline, real parts only: replayer → Kafka → aggregator →
 * InfluxDB → web server → socket.io → React in Chromium. Exact numbers from
 * the shared README, not "something rendered".
 */
const id = randomUUID().slice(0, 8);
const metricsPort = String(20000 + Math.floor(Math.random() * 20000));
const env = {
  FLIGHTS_TOPIC: `test.e2e.${id}`,
  DEAD_LETTER_TOPIC: `test.e2e.${id}.dlq`,
  MINUTES_TOPIC: `test.e2e.${id}.minutes`,
  ALERTS_TOPIC: `test.e2e.${id}.alerts`,
  AGGREGATOR_GROUP: `e2e-${id}`,
  INFLUX_DB: `e2e_${id}`,
  METRICS_PORT: metricsPort,
  WEB_PORT: '0',
  ALERT_RULES: alertRules(),
};

/** Two rules the replay trips (Jet Airways: 3,849 flights, DEL: 4,537 departures, all inside two hours), one it never does. */
function alertRules(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'e2e-alerts-')), 'rules.yaml');
  writeFileSync(
    file,
    `rules:
  - { name: jet-airways-busy, metric: flights, dimension: carrier, entity: Jet Airways, window: 2h, condition: { above: 3000 } }
  - { name: fares-absurd, metric: averageFare, window: 2h, condition: { above: 1000000 } }
  - { name: delhi-busy, metric: flights, dimension: departure, entity: DEL, window: 2h, condition: { above: 4000 } }
`,
  );
  return file;
}
let aggregator: RunningApp;
let web: RunningApp;
let url: string;
/** What InfluxDB holds once the file is in: the numbers the map must show. */
let stored: InfluxTotals;

async function startWeb(port = '0'): Promise<string> {
  web = spawnApp(WEB_SERVER, [], { ...env, WEB_PORT: port });
  return (await web.waitFor(/dashboard on (http:\S+)/, 60_000))[1]!;
}

function board(page: Page, name: string) {
  return page.getByTestId(`board-${name}`).locator('li.board-row[data-key]');
}

async function expectTopRow(page: Page, name: string, key: string, count: string) {
  const top = board(page, name).first();
  await expect(top).toHaveAttribute('data-key', key);
  await expect(top.locator('.count')).toHaveText(count);
}

async function sparklineSum(page: Page, testId: string): Promise<number> {
  const values = await page.getByTestId(testId).locator('.sparkline').getAttribute('data-values');
  return (values ?? '').split(',').reduce((sum, v) => sum + Number(v), 0);
}

test.describe
  .serial('dashboard on the whole real stack', () => {
    test.beforeAll(async () => {
      test.setTimeout(300_000);
      // A fresh build: the specs test the client as it is now.
      buildWebClient();
      aggregator = spawnApp(AGGREGATOR_CLI, [], env);
      await aggregator.waitFor(/joined group/, 120_000);
      url = await startWeb();
      const replay = await runCli(REPLAYER_CLI, [requireDataTrain(), '--clock', 'now', '--partitions', '3'], env);
      expect(replay.code, replay.stderr).toBe(0);
      const influx = new InfluxV1Client({ url: process.env.INFLUX_URL!, database: env.INFLUX_DB });
      stored = await waitForFlights(influx, GROUND_TRUTH.rows, 120_000);
      expect(stored.flights).toBe(GROUND_TRUTH.rows);
    });

    test.afterAll(async () => {
      await Promise.all([web?.stop(), aggregator?.stop()]);
      await stopContinuousQueries(env.INFLUX_DB);
    });

    test('shows the ground truth of Data_Train.xlsx at the top of every leaderboard', async ({ page }) => {
      await page.goto(url);
      await expectTopRow(page, 'carrier', 'Jet Airways', '3,849');
      await expectTopRow(page, 'departure', 'DEL', '4,537');
      await expectTopRow(page, 'arrival', 'COK', '4,537');
      await expect(board(page, 'departure').first().locator('.name')).toHaveText('DEL · New Delhi');
      await expect(board(page, 'carrier')).toHaveCount(10);
      const carriers = await board(page, 'carrier').evaluateAll((rows) =>
        rows.map((row) => [row.getAttribute('data-key'), Number(row.getAttribute('data-flights'))]),
      );
      expect(carriers).toEqual(Object.entries(GROUND_TRUTH.carriers).slice(0, 10));
      await expect(page.getByTestId('tile-window')).toContainText('10,683');
      expect(await sparklineSum(page, 'watch-carrier-IndiGo')).toBe(GROUND_TRUTH.carriers.IndiGo);
      expect(await sparklineSum(page, 'watch-departure-DEL')).toBe(GROUND_TRUTH.departures.DEL);
      expect(await sparklineSum(page, 'watch-arrival-BLR')).toBe(GROUND_TRUTH.arrivals.BLR);
    });

    test('on a phone (390 px) every board shows whole names with their counts, and the range picker fits', async ({
      page,
    }) => {
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(url);
      await expectTopRow(page, 'carrier', 'Jet Airways', '3,849');
      await expect(board(page, 'itinerary')).toHaveCount(10);
      const cut = await page.locator('li.board-row[data-key] .name').evaluateAll((names) =>
        names
          .filter((name) => name.getBoundingClientRect().width > 0)
          .filter((name) => name.scrollWidth > name.clientWidth + 1 || name.getBoundingClientRect().right > 390)
          .map((name) => name.textContent),
      );
      expect(cut).toEqual([]);
      expect(await page.locator('li.board-row[data-key] .name').count()).toBeGreaterThan(40);
      // Share and change move into the entity's detail there; the count stays.
      await expect(board(page, 'carrier').first().getByTestId('share')).toBeHidden();
      const toggle = await page.locator('button.theme').boundingBox();
      expect(toggle!.x + toggle!.width).toBeLessThanOrEqual(390);
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-390.png'), fullPage: true });
    });

    test('shows the network: itineraries, legs, hubs and stops exactly, and no two boards alike', async ({ page }) => {
      await page.goto(url);
      await expectTopRow(page, 'itinerary', 'DEL-BOM-COK', '2,376');
      await expect(board(page, 'itinerary').first().locator('.name')).toHaveText('DEL → BOM → COK');
      await expectTopRow(page, 'leg', 'BOM-COK', '3,462');
      await expectTopRow(page, 'hub', 'BOM', '4,980');
      for (const [bucket, flights] of Object.entries(NETWORK_TRUTH.stops)) {
        await expect(page.getByTestId('board-stops').locator(`li[data-key="${bucket}"]`)).toHaveAttribute(
          'data-flights',
          String(flights),
        );
      }
      const top = board(page, 'itinerary').first();
      const fare = Math.round(NETWORK_TRUTH.fareSumByItinerary['DEL-BOM-COK'] / 2376);
      await expect(top.getByTestId('avg-fare')).toHaveText(`₹${fare.toLocaleString('en-US')}`);
      const minutes = Math.round(NETWORK_TRUTH.durationSumByItinerary['DEL-BOM-COK'] / 2376);
      await expect(top.getByTestId('avg-duration')).toHaveText(
        `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`,
      );
      const lists = await page.locator('[data-testid^="board-"]').evaluateAll((boards) =>
        boards.map((b) =>
          Array.from(b.querySelectorAll('[data-key]'))
            .map((row) => `${row.getAttribute('data-key')}=${row.getAttribute('data-flights')}`)
            .join(','),
        ),
      );
      expect(lists.length).toBeGreaterThanOrEqual(7);
      expect(new Set(lists).size).toBe(lists.length);
    });

    test("draws every airport of the window on the map with InfluxDB's counts, on hover and in the detail", async ({
      page,
    }) => {
      await page.goto(url);
      const circles = page.getByTestId('network-map').locator('circle[data-airport]');
      const airports = new Set([
        ...Object.keys(stored.byDimension.departure),
        ...Object.keys(stored.byDimension.arrival),
        ...Object.keys(stored.byDimension.hub),
      ]);
      await expect(circles).toHaveCount(airports.size);
      expect(airports.size).toBe(42);
      const drawn = await circles.evaluateAll((nodes) =>
        nodes.map((n) => [
          n.getAttribute('data-airport'),
          Number(n.getAttribute('data-departures')),
          Number(n.getAttribute('data-arrivals')),
          Number(n.getAttribute('data-connections')),
        ]),
      );
      for (const [code, departures, arrivals, connections] of drawn) {
        expect([code, departures, arrivals, connections]).toEqual([
          code,
          stored.byDimension.departure[code as string] ?? 0,
          stored.byDimension.arrival[code as string] ?? 0,
          stored.byDimension.hub[code as string] ?? 0,
        ]);
      }
      await expect(page.getByTestId('network-map').locator('path[data-leg]')).toHaveCount(
        Object.keys(stored.byDimension.leg).length,
      );
      await circles.and(page.locator('[data-airport="BOM"]')).hover();
      await expect(page.getByTestId('map-tooltip')).toContainText(
        `${stored.byDimension.hub.BOM!.toLocaleString('en-US')} connections`,
      );
      await expect(page.getByTestId('map-tooltip')).toContainText(
        `${stored.byDimension.departure.BOM!.toLocaleString('en-US')} departures`,
      );
      await circles.and(page.locator('[data-airport="BOM"]')).click();
      await expect(page).toHaveURL(/airport=BOM/);
      await expect(page.getByTestId('airport-detail').locator('dd').nth(2)).toHaveText('4,980');
      await expect(page.getByTestId('detail-legs-out').locator('li').first()).toHaveAttribute('data-key', 'BOM-COK');
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-desktop-dark.png'), fullPage: true });
      await page.setViewportSize({ width: 760, height: 1000 });
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-760-dark.png'), fullPage: true });
      await page.getByRole('button', { name: /Switch to light theme/ }).click();
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-760-light.png'), fullPage: true });
      await page.setViewportSize({ width: 1440, height: 900 });
      await page.getByRole('button', { name: 'Close the airport detail' }).click();
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-desktop-light.png'), fullPage: true });
    });

    test("reads any range: 30d, 24h and 15m give the file's totals; IndiGo's detail over 30d; an unknown range says so", async ({
      page,
    }) => {
      test.setTimeout(360_000);
      for (const range of ['30d', '24h', '15m'] as const) {
        await page.goto(`${url}?range=${range}`);
        await expect(page.getByTestId('tile-window').locator('.tile-value')).toHaveText('10,683');
        await expectTopRow(page, 'carrier', 'Jet Airways', '3,849');
        await expectTopRow(page, 'departure', 'DEL', '4,537');
        await expect(page.getByTestId('resolution')).toContainText(
          range === '15m' ? '15 1-minute buckets' : range === '24h' ? '24 hourly buckets' : '720 hourly buckets',
        );
        await shootAll(
          page,
          `range-${range}`,
          async () => {
            await expect(page.getByTestId('tile-window')).toBeVisible();
            await page.waitForTimeout(300);
          },
          (width, scheme) => width === 1440 && scheme === 'dark',
        );
      }
      await page.goto(`${url}?range=30d&entity=carrier:IndiGo`);
      const detail = page.getByTestId('entity-detail');
      await expect(detail.getByTestId('entity-flights')).toHaveText('2,053');
      const fare = Math.round(GROUND_TRUTH.fareSumByCarrier.IndiGo / GROUND_TRUTH.carriers.IndiGo);
      await expect(detail.getByTestId('entity-fare')).toHaveText(`₹${fare.toLocaleString('en-US')}`);
      await expect(detail.getByTestId('breakdown-itinerary').locator('li')).not.toHaveCount(0);
      const itineraries = await detail.getByTestId('breakdown-itinerary').locator('li .count').allTextContents();
      expect(itineraries.length).toBeGreaterThan(0);
      await expect(detail.locator('.sparkline').first()).toHaveAttribute('data-values', /\d/);
      const flightsSeries = (await detail.locator('.sparkline').first().getAttribute('data-values'))!
        .split(',')
        .map(Number);
      expect(flightsSeries.reduce((a, b) => a + b, 0)).toBe(2053);
      await detail.screenshot({ path: join(SCREENSHOTS, 'entity-indigo-30d.png') });

      await page.goto(`${url}?range=2y`);
      await expect(page.getByTestId('range-error')).toContainText('Unknown time range "2y"');
      await page.getByRole('button', { name: '1h', exact: true }).click();
      await expectTopRow(page, 'carrier', 'Jet Airways', '3,849');
    });

    test('a tooltip shows the exact count InfluxDB holds for that minute', async ({ page }) => {
      await page.goto(url);
      const chart = page.getByTestId('watch-carrier-IndiGo').locator('.sparkline');
      const influx = new InfluxV1Client({ url: process.env.INFLUX_URL!, database: env.INFLUX_DB });
      /** Hovers the busiest bucket and reads the tooltip; the buckets and values are read in one go, as a push may shift them. */
      const hoverBusiest = async () => {
        await chart.scrollIntoViewIfNeeded();
        const { values, first } = await chart.evaluate((el) => ({
          values: el.getAttribute('data-values')!.split(',').map(Number),
          first: Number(el.getAttribute('data-first-bucket')),
        }));
        const i = values.indexOf(Math.max(...values));
        const box = (await chart.boundingBox())!;
        // Buckets are evenly spaced bands along the x-axis line (the plot, without the y-axis and the right margin).
        const axis = (await chart.locator('.recharts-xAxis .recharts-cartesian-axis-line').boundingBox())!;
        await page.mouse.move(axis.x + ((i + 0.5) / values.length) * axis.width, box.y + box.height / 3);
        const shown = Number(
          (await page.getByTestId('chart-tooltip').locator('strong').textContent())!.replace(/,/g, ''),
        );
        const minute = first + i * 60_000;
        const [stored] = await influx.query(
          `SELECT sum(flights) AS flights FROM flights_by_carrier WHERE carrier = 'IndiGo' AND time >= ${minute}ms AND time < ${minute + 60_000}ms`,
        );
        return { shown, value: values[i], stored: Number(stored?.rows[0]?.flights ?? 0) };
      };
      // Polled only to step over a minute boundary between reading and hovering: a lasting mismatch fails with the numbers.
      await expect
        .poll(
          async () => {
            const r = await hoverBusiest();
            return r.shown > 0 && r.shown === r.value && r.shown === r.stored ? 'exact' : JSON.stringify(r);
          },
          { timeout: 15_000 },
        )
        .toBe('exact');
    });

    test('shows 100 more IndiGo flights within 5 seconds, without a reload', async ({ page }) => {
      await page.goto(url);
      await expect(page.locator('li.board-row[data-key="IndiGo"] .count').first()).toHaveText('2,053');
      const dir = mkdtempSync(join(tmpdir(), 'e2e-'));
      const file = join(dir, 'indigo-100.csv');
      const header =
        'Airline,Date_of_Journey,Source,Destination,Route,Dep_Time,Arrival_Time,Duration,Total_Stops,Additional_Info,Price';
      const rows = Array.from(
        { length: 100 },
        (_, i) =>
          `IndiGo,24/03/2019,Banglore,New Delhi,BLR → DEL,22:20,01:10 22 Mar,2h 50m,non-stop,No info,${3000 + i}`,
      );
      writeFileSync(file, `${header}\n${rows.join('\n')}\n`);
      const replay = await runCli(REPLAYER_CLI, [file], env);
      expect(replay.code, replay.stderr).toBe(0);
      await expect(page.locator('li.board-row[data-key="IndiGo"] .count').first()).toHaveText('2,153', {
        timeout: 5000,
      });
      await expect.poll(() => sparklineSum(page, 'watch-carrier-IndiGo'), { timeout: 2000 }).toBe(2153);
    });

    test('recovers by itself when the web server restarts, with the same numbers', async ({ page }) => {
      await page.goto(url);
      await expectTopRow(page, 'carrier', 'Jet Airways', '3,849');
      const port = new URL(url).port;
      await web.stop('SIGTERM');
      await expect(page.getByTestId('connection')).toHaveText('Reconnecting…');
      await expect(page.getByRole('alert')).toContainText('reconnecting');
      await page.screenshot({ path: join(SCREENSHOTS, 'dashboard-reconnecting.png') });
      url = await startWeb(port);
      await expect(page.getByTestId('connection')).toHaveText('Live', { timeout: 15_000 });
      await expectTopRow(page, 'carrier', 'Jet Airways', '3,849');
      await expect(page.locator('li.board-row[data-key="IndiGo"] .count').first()).toHaveText('2,153');
    });

    test('a reload shows the full state within 2 seconds', async ({ page }) => {
      await page.goto(url);
      await expectTopRow(page, 'carrier', 'Jet Airways', '3,849');
      const started = Date.now();
      await page.reload();
      const loaded = Date.now() - started;
      await expectTopRow(page, 'departure', 'DEL', '4,537');
      await expect(page.getByTestId('tile-window')).toContainText('10,783');
      const shown = Date.now() - started;
      const timing = await page.evaluate(() =>
        JSON.stringify(performance.getEntriesByType('navigation').map((e) => e.toJSON())),
      );
      console.log(`reload: load event after ${loaded} ms, full state after ${shown} ms; navigation ${timing}`);
      expect(shown).toBeLessThan(2000);
    });

    test('shows the firing alert rules in the alert bar with exact counts, marks their rows and airport, not the other rule', async ({
      page,
    }) => {
      await page.goto(url);
      // A minute is judged 5 s after it ends: within about 70 s of the replay.
      const bar = page.getByTestId('alert-bar');
      await expect(bar).toContainText('2 alerts firing', { timeout: 90_000 });
      await expect(bar.locator('li[data-rule="jet-airways-busy"]')).toContainText(
        'carrier Jet Airways: flights 3,849, since',
      );
      await expect(bar.locator('li[data-rule="delhi-busy"]')).toContainText('departure DEL: flights 4,537, since');
      await expect(bar.locator('li')).toHaveCount(2);
      // Their rows are marked on their boards, no other row is; DEL is ringed on the map, no other airport.
      await expect(board(page, 'carrier').first()).toHaveAttribute('data-firing', 'true');
      await expect(board(page, 'departure').first()).toHaveAttribute('data-firing', 'true');
      await expect(page.locator('li.board-row[data-firing]')).toHaveCount(2);
      await expect(page.locator('[data-alerting]')).toHaveCount(1);
      await expect(page.locator('[data-alerting="DEL"]')).toHaveCount(1);
      // The top of the page with the bar, in both themes and at both widths.
      await shootAll(
        page,
        'alert-bar',
        async () => {
          await expect(page.getByTestId('alert-bar')).toContainText('2 alerts firing');
        },
        () => false,
      );
    });

    test('keeps the watch list in the URL and renders hostile names as text', async ({ page }) => {
      await page.goto(
        `${url}?watch=${encodeURIComponent("carrier:x' OR 1=1 --,carrier:</script><b>bold</b>,route:DEL-COK")}`,
      );
      await expect(page.getByTestId('watch-route-DEL-COK').locator('.watch-total')).toContainText('4,537');
      await expect(page.getByText("Carrier x' OR 1=1 --")).toBeVisible();
      await expect(page.getByText('Carrier </script><b>bold</b>')).toBeVisible();
      expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0);
      await page.getByRole('button', { name: "Remove Carrier x' OR 1=1 --" }).click();
      await expect(page).toHaveURL(/watch=carrier%3A%3C%2Fscript.*route%3ADEL-COK/);
    });
  });
