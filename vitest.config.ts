import { defineConfig } from 'vitest/config';

const ignored = ['**/node_modules/**', '**/dist/**', '.local/**'];

/**
 * Integration specs that stop or restart the shared broker or InfluxDB (the
 * fault drills, the aggregator's outage cases): they run one file at a time,
 * after the others. Every other integration spec works on topics, groups and
 * databases of its own (pipelineScenario), or on a stack of its own, so
 * those run side by side.
 */
const DISRUPTIVE = [
  'faults/integration/drills.spec.ts',
  'faults/integration/clusterDrill.spec.ts',
  'apps/aggregator/integration/aggregator.spec.ts',
];

const integration = {
  globalSetup: ['infra/src/testing/globalSetup.ts'],
  testTimeout: 180_000,
  hookTimeout: 240_000,
};

export default defineConfig({
  test: {
    // Integration specs mostly wait (for Kafka, a flush, a poll): four at a time keep two cores busy.
    maxWorkers: 4,
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
          exclude: [...ignored, ...DISRUPTIVE],
          ...integration,
        },
      },
      {
        test: {
          name: 'integration-serial',
          include: DISRUPTIVE,
          exclude: ignored,
          ...integration,
          fileParallelism: false,
        },
      },
    ],
  },
});
