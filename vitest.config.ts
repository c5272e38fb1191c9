import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/dist/**', '.local/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['**/src/**/*.spec.ts', '**/src/**/*.spec.tsx', 'apps/web/server/**/*.spec.ts'],
          exclude: ignored,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/integration/**/*.spec.ts'],
          exclude: ignored,
          globalSetup: ['infra/src/testing/globalSetup.ts'],
          // The specs share one broker and one InfluxDB; run them one file at a time.
          fileParallelism: false,
          testTimeout: 180_000,
          hookTimeout: 240_000,
        },
      },
    ],
  },
});
