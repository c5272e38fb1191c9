import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AGGREGATOR_METRICS } from '@flights/schemas';
import { DASHBOARD_FILES, dashboardText } from './files.ts';
import { PANELS } from './panels.ts';

describe('dashboard files', () => {
  it.each(DASHBOARD_FILES.map((f) => [f.path, f] as const))(
    '%s is what panels.ts generates (npm run dashboards)',
    (_path, file) => {
      expect(readFileSync(file.path, 'utf8')).toBe(dashboardText(file.render));
    },
  );

  it('reads only metrics the aggregator exports', () => {
    const names = new Set<string>(Object.values(AGGREGATOR_METRICS));
    for (const panel of PANELS.filter((p) => p.kind === 'prometheus')) {
      for (const metric of panel.query.match(/aggregator_[a-z_]+/g) ?? [])
        expect(names, `${panel.title}: ${metric}`).toContain(metric);
    }
  });

  it('never groups by the writers stream tag and always sums', () => {
    for (const panel of PANELS.filter((p) => p.kind === 'influx')) {
      expect(panel.query).not.toMatch(/stream/);
      expect(panel.query).toMatch(/^SELECT sum\(/);
    }
  });
});
