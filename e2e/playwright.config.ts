import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium (Playwright cannot download its own browser here).
 * `npm test` sets PLAYWRIGHT_JSON_OUTPUT_NAME to collect the tally.
 */
export default defineConfig({
  testDir: 'tests',
  // Alone (pnpm --filter @flights/e2e test) it starts the test stack itself; under npm test it reuses it.
  globalSetup: '../infra/src/testing/globalSetup.ts',
  timeout: 180_000,
  expect: { timeout: 10_000 },
  workers: 1,
  fullyParallel: false,
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  outputDir: 'test-results',
  use: {
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    viewport: { width: 1440, height: 900 },
    colorScheme: 'dark',
  },
});
