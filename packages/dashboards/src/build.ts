import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { DASHBOARD_FILES, dashboardText } from './files.ts';

// `npm run dashboards`: writes the Grafana and Chronograf dashboards from panels.ts (a spec checks they are up to date).
for (const { path, render } of DASHBOARD_FILES) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, dashboardText(render));
  console.log(`[dashboards] wrote ${relative(process.cwd(), path)}`);
}
