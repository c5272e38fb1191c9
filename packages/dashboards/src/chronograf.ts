import { layout, renderQuery } from './layout.ts';
import { PANELS, TEMPLATE_VARIABLES, type InfluxPanel } from './panels.ts';

/** Chronograf's variables: its dashboard time, auto interval, and one quoted tag value per template variable. */
const CHRONOGRAF_VALUES: Record<string, string> = {
  time: 'time > :dashboardTime: AND time < :upperDashboardTime:',
  interval: ':interval:',
  ...Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v.name, `"${v.name}" = :${v.name}:`])),
};

const CELL_TYPE = { stat: 'single-stat', timeseries: 'line', table: 'table' } as const;

function queryConfig(rawText: string) {
  return {
    database: '',
    measurement: '',
    retentionPolicy: '',
    fields: [],
    tags: {},
    groupBy: { time: '', tags: [] },
    areTagsAccepted: false,
    rawText,
    range: null,
    shifts: null,
  };
}

/**
 * The Chronograf dashboard, in the form Chronograf's "Export Dashboard" writes
 * and "Import Dashboard" reads (1.8 and later). The InfluxDB panels only:
 * Chronograf does not query Prometheus. Chronograf's grid is 12 wide.
 */
export function chronografDashboard() {
  const influxPanels = PANELS.filter((p): p is InfluxPanel => p.kind === 'influx');
  return {
    meta: { chronografVersion: '1.10.0', sources: {} },
    dashboard: {
      id: 0,
      name: 'Flight Pulse',
      organization: 'default',
      cells: layout(influxPanels).map(({ panel, x, y, w, h }, i) => {
        const query = renderQuery(panel.query, CHRONOGRAF_VALUES);
        return {
          i: `flight-pulse-${i + 1}`,
          x: x / 2,
          y,
          w: w / 2,
          h: Math.max(2, Math.round(h / 2)),
          name: panel.title,
          queries: [{ query, queryConfig: queryConfig(query), source: '', type: 'influxql' }],
          axes: {
            x: { bounds: ['', ''], label: '', prefix: '', suffix: '', base: '10', scale: 'linear' },
            y: { bounds: ['', ''], label: '', prefix: '', suffix: '', base: '10', scale: 'linear' },
          },
          type: CELL_TYPE[panel.view],
          colors: [],
          legend: {},
          tableOptions: {
            verticalTimeAxis: true,
            sortBy: { internalName: 'flights', displayName: '', visible: true },
            wrapping: 'truncate',
            fixFirstColumn: true,
          },
          fieldOptions: [{ internalName: 'time', displayName: '', visible: panel.view !== 'table' }],
          timeFormat: 'YYYY-MM-DD HH:mm',
          decimalPlaces: { isEnforced: true, digits: 0 },
          note: panel.description,
          noteVisibility: 'default',
          links: {},
        };
      }),
      templates: TEMPLATE_VARIABLES.map((v) => ({
        tempVar: `:${v.name}:`,
        id: `flight-pulse-${v.name}`,
        type: 'tagValues',
        label: v.label,
        values: [],
        query: {
          influxql: 'SHOW TAG VALUES ON :database: FROM :measurement: WITH KEY=:tagKey:',
          db: 'flights',
          measurement: v.measurement,
          tagKey: v.name,
          fieldKey: '',
        },
        sourceID: 'dynamic',
        links: {},
      })),
      links: {},
    },
  };
}
