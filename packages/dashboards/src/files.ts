import { fileURLToPath } from 'node:url';
import { chronografDashboard } from './chronograf.ts';
import { grafanaDashboard } from './grafana.ts';

/** The dashboard files users import or provision, and what each must contain (generated from panels.ts). */
export const DASHBOARD_FILES = [
  {
    path: fileURLToPath(new URL('../../../infra/grafana/dashboards/flight-pulse.json', import.meta.url)),
    render: grafanaDashboard,
  },
  {
    path: fileURLToPath(new URL('../../../infra/chronograf/flight-pulse.json', import.meta.url)),
    render: chronografDashboard,
  },
];

export const dashboardText = (render: () => unknown) => `${JSON.stringify(render(), null, 2)}\n`;
