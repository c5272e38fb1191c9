import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { RELATIVE_RANGES, WEB_METRICS, type RangeRequest } from '@flights/schemas';

/** A range as a label: the relative ranges by name, every absolute range as "custom" (label values must stay few). */
export function rangeLabel(request: RangeRequest): string {
  return request.kind === 'relative' && request.range in RELATIVE_RANGES ? request.range : 'custom';
}

/** What an operator watches on the web server: who is connected, how long snapshots take, what is pushed and refused. */
export function createWebMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'web_' });
  return {
    registry,
    clients: new Gauge({ name: WEB_METRICS.clients, help: 'Connected socket.io clients', registers: [registry] }),
    snapshotSeconds: new Histogram({
      name: WEB_METRICS.snapshotSeconds,
      help: 'Time to build one range snapshot from InfluxDB',
      labelNames: ['range'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    pushes: new Counter({
      name: WEB_METRICS.pushes,
      help: "Snapshots pushed to a range's clients (one per change, whatever the number of clients)",
      labelNames: ['range'],
      registers: [registry],
    }),
    refused: new Counter({
      name: WEB_METRICS.refused,
      help: 'Socket messages refused (an unknown range, a malformed request)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    probeSeconds: new Histogram({
      name: WEB_METRICS.probeSeconds,
      help: 'Time of the probe for new writes (ten a second)',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1],
      registers: [registry],
    }),
    refreshFailures: new Counter({
      name: WEB_METRICS.refreshFailures,
      help: 'Snapshot refreshes InfluxDB did not answer',
      registers: [registry],
    }),
    keptDays: new Gauge({
      name: WEB_METRICS.keptDays,
      help: 'Days of closed hours the server keeps for hourly ranges',
      registers: [registry],
    }),
    keptWarming: new Gauge({
      name: WEB_METRICS.keptWarming,
      help: '1 while many days of closed hours load in the background (hourly ranges are summed by InfluxDB meanwhile)',
      registers: [registry],
    }),
    entityRequests: new Counter({
      name: WEB_METRICS.entityRequests,
      help: 'GET /api/entity requests by status code',
      labelNames: ['status'],
      registers: [registry],
    }),
    ...liveMetrics(registry),
  };
}

/** The live edge: what the minutes stream brings, whether it is live, what the server asks of InfluxDB and sends. */
function liveMetrics(registry: Registry) {
  return {
    influxStatements: new Counter({
      name: WEB_METRICS.influxStatements,
      help: 'InfluxQL statements this web server sent to InfluxDB',
      registers: [registry],
    }),
    liveRecords: new Counter({
      name: WEB_METRICS.liveRecords,
      help: "Records read from the minutes topic, by outcome (taken, fenced: a former owner's late record, outside the live window, unreadable)",
      labelNames: ['outcome'],
      registers: [registry],
    }),
    liveStale: new Gauge({
      name: WEB_METRICS.liveStale,
      help: '1 while the minutes stream is not live (the live edge is read from InfluxDB meanwhile)',
      registers: [registry],
    }),
    liveAgeSeconds: new Gauge({
      name: WEB_METRICS.liveAgeSeconds,
      help: 'Now minus the publish time of the newest minute record taken',
      registers: [registry],
    }),
    reconcileDifferences: new Counter({
      name: WEB_METRICS.reconcileDifferences,
      help: 'Closed minutes whose flights in the live edge differed from InfluxDB at a reconcile (should stay 0)',
      registers: [registry],
    }),
    bytesSent: new Counter({
      name: WEB_METRICS.bytesSent,
      help: 'Bytes of snapshot and delta messages sent to browsers (JSON)',
      labelNames: ['kind'],
      registers: [registry],
    }),
    alertTransitions: new Counter({
      name: WEB_METRICS.alertTransitions,
      help: 'Alert transitions (firing, repeated, resolved) by rule',
      labelNames: ['rule', 'status'],
      registers: [registry],
    }),
    alertNotifications: new Counter({
      name: WEB_METRICS.alertNotifications,
      help: 'Webhook deliveries by receiver and outcome (sent, retried, failed: given up after the last try)',
      labelNames: ['receiver', 'outcome'],
      registers: [registry],
    }),
    alertsFiring: new Gauge({ name: WEB_METRICS.alertsFiring, help: 'Alerts firing now', registers: [registry] }),
  };
}

export type WebMetrics = ReturnType<typeof createWebMetrics>;
