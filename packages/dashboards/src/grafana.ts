import { ALERTS_MEASUREMENT } from '@flights/schemas';
import { layout, renderQuery } from './layout.ts';
import { PANELS, TEMPLATE_VARIABLES, type Panel } from './panels.ts';

export const GRAFANA_INFLUX_UID = 'flight-pulse-influxdb';
export const GRAFANA_PROMETHEUS_UID = 'flight-pulse-prometheus';

const influx = { type: 'influxdb', uid: GRAFANA_INFLUX_UID };
const prometheus = { type: 'prometheus', uid: GRAFANA_PROMETHEUS_UID };

/** Grafana's own variables: its time filter and auto interval, and a regular expression per multi-value template variable. */
const GRAFANA_VALUES: Record<string, string> = {
  time: '$timeFilter',
  interval: '$__interval',
  ...Object.fromEntries(TEMPLATE_VARIABLES.map((v) => [v.name, `"${v.name}" =~ /^$${v.name}$/`])),
};

function target(panel: Panel) {
  if (panel.kind === 'prometheus')
    return { refId: 'A', datasource: prometheus, expr: panel.query, legendFormat: panel.title };
  return {
    refId: 'A',
    datasource: influx,
    query: renderQuery(panel.query, GRAFANA_VALUES),
    rawQuery: true,
    resultFormat: panel.view === 'table' ? 'table' : 'time_series',
  };
}

/** A leaderboard: the table sorted by flights, ten rows, without the time column InfluxDB adds. */
const LEADERBOARD_TRANSFORMS = [
  { id: 'organize', options: { excludeByName: { Time: true } } },
  { id: 'sortBy', options: { sort: [{ field: 'flights', desc: true }] } },
  { id: 'limit', options: { limitField: 10 } },
];

function grafanaPanel({ panel, x, y, w, h }: ReturnType<typeof layout>[number], id: number) {
  const unit = panel.kind === 'prometheus' ? panel.unit : undefined;
  return {
    id,
    type: panel.view,
    title: panel.title,
    description: panel.description,
    gridPos: { x, y, w, h },
    datasource: panel.kind === 'prometheus' ? prometheus : influx,
    targets: [target(panel)],
    fieldConfig: {
      defaults: { ...(unit ? { unit } : {}), decimals: panel.title.includes('fare') ? 0 : undefined },
      overrides: [],
    },
    options:
      panel.view === 'stat'
        ? { reduceOptions: { calcs: ['lastNotNull'], fields: '', values: false }, colorMode: 'none', graphMode: 'area' }
        : {},
    ...(panel.view === 'table' ? { transformations: LEADERBOARD_TRANSFORMS } : {}),
  };
}

/** The web server's alert transitions (docs/alerts.md) drawn on every time series: firing and resolved. */
const ALERT_ANNOTATIONS = {
  name: 'Flight Pulse alerts',
  datasource: influx,
  enable: true,
  iconColor: 'orange',
  query: `SELECT "message", "status" FROM "${ALERTS_MEASUREMENT}" WHERE $timeFilter`,
  textColumn: 'message',
  tagsColumn: 'status',
};

/** The Grafana dashboard (schema 39, Grafana 10 and 11), provisioned from infra/grafana. */
export function grafanaDashboard() {
  return {
    uid: 'flight-pulse',
    title: 'Flight Pulse',
    description:
      'Exact 1-minute flight counts from the Flight Pulse aggregator (InfluxDB) and its pipeline health (Prometheus).',
    tags: ['flight-pulse'],
    schemaVersion: 39,
    version: 1,
    editable: true,
    time: { from: 'now-1h', to: 'now' },
    refresh: '5s',
    timezone: 'browser',
    templating: {
      list: TEMPLATE_VARIABLES.map((v) => ({
        name: v.name,
        label: v.label,
        type: 'query',
        datasource: influx,
        query: v.query,
        definition: v.query,
        multi: true,
        includeAll: true,
        current: { selected: true, text: ['All'], value: ['$__all'] },
        refresh: 2,
        sort: 1,
      })),
    },
    annotations: { list: [ALERT_ANNOTATIONS] },
    panels: layout(PANELS).map((placed, i) => grafanaPanel(placed, i + 1)),
  };
}
