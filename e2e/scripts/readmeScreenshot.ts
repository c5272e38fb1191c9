import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

/**
 * `npm run screenshot [url]`: the README's picture of the dashboard, from a
 * running demo (default http://127.0.0.1:3000/), light theme, 1440 × 900,
 * once the live edge is pushing. Writes docs/img/dashboard.png (15 minutes), dashboard-7d.png and dashboard-30d.png.
 */
const base = process.argv[2] ?? 'http://127.0.0.1:3000/';
const out = join(import.meta.dirname, '..', '..', 'docs', 'img');
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  for (const [range, file] of [
    ['15m', 'dashboard.png'],
    ['7d', 'dashboard-7d.png'],
    ['30d', 'dashboard-30d.png'],
  ] as const) {
    await page.goto(new URL(`?range=${range}`, base).href);
    await page.getByTestId('minutes-stream').waitFor({ timeout: 60_000 });
    await page.locator('li.board-row[data-key]').first().waitFor({ timeout: 60_000 });
    // Let the sparklines and the map settle after the first snapshot.
    await page.waitForTimeout(3000);
    // The long ranges whole: their charts (waves by the day and the week) sit below the fold.
    await page.screenshot({ path: join(out, file), fullPage: range !== '15m' });
    console.log(`wrote ${join(out, file)}`);
  }
} finally {
  await browser.close();
}
