import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { REPO_ROOT } from '@flights/infra/testing';

export const SCREENSHOTS = join(REPO_ROOT, 'e2e', 'screenshots');

/**
 * Screenshots at desktop and 760 px, dark and light, as a first visit with
 * that OS preference sees them: `<name>-<width>-<scheme>.png`. `ready` waits
 * for what the picture must show; `fullPage` picks the shots taken whole
 * (a full page of live charts takes Chromium's software renderer seconds).
 */
export async function shootAll(
  page: Page,
  name: string,
  ready: () => Promise<void>,
  fullPage: (width: number, scheme: 'dark' | 'light') => boolean,
): Promise<void> {
  for (const scheme of ['dark', 'light'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate(() => localStorage.removeItem('theme'));
    for (const width of [1440, 760]) {
      await page.setViewportSize({ width, height: 900 });
      await page.reload();
      await ready();
      await page.screenshot({
        path: join(SCREENSHOTS, `${name}-${width}-${scheme}.png`),
        fullPage: fullPage(width, scheme),
      });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}
