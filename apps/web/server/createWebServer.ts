import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import type { AlertRules } from '@flights/alerts';
import type { InfluxV1Client } from '@flights/influx';
import { SOCKET_EVENTS } from '@flights/schemas/dashboard';
import type { KafkaClients } from '@flights/kafka';
import { readAggregatorStatus, type AggregatorStatus } from './aggregatorHealth.ts';
import type { AlertEngine } from './alerts/AlertEngine.ts';
import { AlertsService } from './alerts/AlertsService.ts';
import { entityRoute } from './routes/entityRoute.ts';
import { plainErrors } from './routes/plainErrors.ts';
import {
  allowHandshake,
  capConnections,
  requireAuth,
  requireKnownHost,
  securityHeaders,
  type ProtectionOptions,
} from './security/protect.ts';
import { WebAuth } from './security/webAuth.ts';
import { LiveMinutes } from './live/LiveMinutes.ts';
import { MinutesFeed } from './live/MinutesFeed.ts';
import { Reconcile } from './live/Reconcile.ts';
import { SnapshotPublisher, type LiveEdge } from './SnapshotPublisher.ts';
import { serveDashboardSockets } from './sockets/dashboardSockets.ts';
import { RangeDelivery } from './sockets/RangeDelivery.ts';
import { createWebMetrics, type WebMetrics } from './webMetrics.ts';

export interface WebServerOptions {
  influx: InfluxV1Client;
  host: string;
  port: number;
  aggregatorMetricsUrl: string;
  /** Built client (vite build); absent in dev mode, where vite serves it. */
  staticDir?: string;
  /** Authentication, allowed hosts and origins, the connection cap, security headers; by default: none, loopback, own origin, 100, CSP on. */
  protection?: Partial<ProtectionOptions>;
  configure?: (app: express.Express, server: HttpServer) => Promise<void>;
  /** The minutes topic to read the live edge from; absent: the live edge is read from InfluxDB. */
  minutes?: { kafka: KafkaClients; topic: string };
  /** Alert rules (ALERT_RULES) evaluated on the live edge, and the topic of their transitions; none without minutes. */
  alerts?: { rules: AlertRules; topic: string };
  /** The server's metrics; main.ts makes them first, to count InfluxDB statements from the client's onQuery. */
  metrics?: WebMetrics;
  log?: (line: string) => void;
}

/** The aggregator's health as the health strip shows it, read from its /metrics every 2 s. */
async function pollAggregatorStatus(
  metricsUrl: string,
): Promise<{ current: () => AggregatorStatus; stop: () => void }> {
  let status: AggregatorStatus = { aggregatorUp: false, lagMessages: null, late: null, invalid: null };
  const poll = async () => {
    status = await readAggregatorStatus(metricsUrl);
  };
  await poll();
  const timer = setInterval(poll, 2000);
  return { current: () => status, stop: () => clearInterval(timer) };
}

/** The HTTP side: guards first, then the API, metrics, health, the client, and plain errors last. */
async function buildApp(
  options: WebServerOptions,
  protection: ProtectionOptions,
  parts: {
    metrics: WebMetrics;
    publisher: SnapshotPublisher;
    status: () => AggregatorStatus;
    alerts: AlertsService | undefined;
  },
): Promise<{ app: express.Express; server: HttpServer }> {
  const { metrics, publisher, status, alerts } = parts;
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(protection.contentSecurityPolicy));
  app.use(requireKnownHost(protection.auth, protection.allowedHosts));
  app.use(requireAuth(protection.auth));
  const server = createServer(app);
  app.get('/api/entity', entityRoute(options.influx, metrics));
  // The rules, read-only, and what fires now: the dashboard's alert list.
  app.get('/api/alerts', (_request, response) => {
    response.json({ rules: alerts?.rules.rules ?? [], firing: alerts?.firing ?? [] });
  });
  // Prometheus text, beside the dashboard (same host and port).
  app.get('/metrics', async (_request, response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
  app.get('/healthz', (request, response) => {
    const ok = !publisher.lastError;
    // Open to uptime checks without credentials; the details only to a signed-in session (no password is checked here).
    const details = protection.auth.hasSession(request)
      ? { influx: publisher.lastError ?? 'ok', aggregator: status() }
      : {};
    response.status(ok ? 200 : 503).json({ ok, ...details });
  });
  if (options.configure) await options.configure(app, server);
  else if (options.staticDir) {
    const setHeaders = (res: express.Response, path: string) =>
      path.endsWith('.html') && res.setHeader('cache-control', 'no-cache');
    app.use(express.static(options.staticDir, { index: 'index.html', maxAge: '1h', setHeaders }));
  }
  app.use(plainErrors());
  return { app, server };
}

export async function startWebServer(options: WebServerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const protection: ProtectionOptions = {
    auth: new WebAuth({}),
    allowedHosts: [],
    allowedOrigins: [],
    maxConnectionsPerAddress: 100,
    contentSecurityPolicy: true,
    ...options.protection,
  };
  const metrics = options.metrics ?? createWebMetrics();
  const refused = (reason: string) => metrics.refused.inc({ reason });
  const status = await pollAggregatorStatus(options.aggregatorMetricsUrl);
  const live = startLiveEdge(options, metrics);
  let delivery: RangeDelivery | undefined;
  let io: Server | undefined;
  const publisher = new SnapshotPublisher(
    options.influx,
    status.current,
    (key, snapshot) => delivery?.publish(key, snapshot),
    (key) => io?.sockets.adapter.rooms.get(key)?.size ?? 0,
    metrics,
    undefined,
    undefined,
    live,
  );
  const alerts = startAlerts(options, live, metrics, (firing) => io?.emit(SOCKET_EVENTS.alerts, firing));
  const { server } = await buildApp(options, protection, { metrics, publisher, status: status.current, alerts });
  io = new Server(server, {
    serveClient: false,
    maxHttpBufferSize: 10_000,
    allowRequest: allowHandshake(protection, refused),
  });
  capConnections(io, protection.maxConnectionsPerAddress, refused);
  delivery = new RangeDelivery(io, metrics);
  serveDashboardSockets(io, publisher, delivery, metrics);
  io.on('connection', (socket) => socket.emit(SOCKET_EVENTS.alerts, alerts?.firing ?? []));

  publisher.start();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  const sockets = io;
  return {
    url: `http://${options.host}:${address.port}/`,
    close: async () => {
      status.stop();
      publisher.stop();
      await alerts?.close();
      await live?.stop();
      // socket.io closes the HTTP server too; the server's own close then only reports that it was.
      await sockets.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The minutes topic's reader, its edge and the reconcile against InfluxDB; none without a minutes topic. */
function startLiveEdge(
  options: WebServerOptions,
  metrics: WebMetrics,
): (LiveEdge & { stop: () => Promise<void> }) | undefined {
  if (!options.minutes) return undefined;
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const edge = new LiveMinutes();
  const feed = new MinutesFeed({ ...options.minutes, influx: options.influx, edge, metrics, log });
  const reconcile = new Reconcile({ influx: options.influx, edge, isLive: () => feed.live, metrics, log });
  feed.start();
  reconcile.start();
  return {
    edge,
    isLive: () => feed.live,
    stop: async () => {
      reconcile.stop();
      await feed.stop();
    },
  };
}

/** The alert rules on the live edge, their transitions' topic and its dispatcher; none without rules or live edge. */
function startAlerts(
  options: WebServerOptions,
  live: LiveEdge | undefined,
  metrics: WebMetrics,
  onFiring: (firing: AlertEngine['firing']) => void,
): AlertsService | undefined {
  if (!options.alerts || !live || !options.minutes) return undefined;
  const service = new AlertsService({
    ...options.alerts,
    kafka: options.minutes.kafka,
    influx: options.influx,
    live,
    metrics,
    onFiring,
    log: options.log ?? ((line: string) => process.stderr.write(`${line}\n`)),
  });
  service.start();
  return service;
}
