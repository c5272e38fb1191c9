import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { z } from 'zod';
import type { InfluxV1Client } from '@flights/influx';
import { DEFAULT_RANGE, DIMENSIONS, parseAbsolute, parseRangeParams, RELATIVE_RANGES, SOCKET_EVENTS, type DashboardSnapshot, type Dimension, type RangeRequest, type RelativeRange } from '@flights/schemas';
import { loadEntityDetail } from './snapshot/entityDetail.ts';
import { readAggregatorStatus, type AggregatorStatus } from './aggregatorHealth.ts';
import { MessageBudget } from './MessageBudget.ts';
import { BusyError, ConcurrencyLimit } from './limits/ConcurrencyLimit.ts';
import { allowHandshake, capConnections, requireAuth, requireKnownHost, securityHeaders, type ProtectionOptions } from './security/protect.ts';
import { WebAuth } from './security/webAuth.ts';
import { SnapshotPublisher } from './SnapshotPublisher.ts';
import { createWebMetrics } from './webMetrics.ts';

/** The only message a browser may send: a relative range, or an absolute one as ISO 8601; anything else is refused. */
const SubscribeMessage = z.union([
  z.object({ range: z.enum(Object.keys(RELATIVE_RANGES) as [RelativeRange, ...RelativeRange[]]) }).strict(),
  z.object({ from: z.string().max(40), to: z.string().max(40) }).strict(),
]);

function rangeRequest(message: unknown): { ok: true; request: RangeRequest } | { ok: false; message: string } {
  const parsed = SubscribeMessage.safeParse(message);
  if (!parsed.success) return { ok: false, message: `expected { range: ${Object.keys(RELATIVE_RANGES).map((r) => `"${r}"`).join(' | ')} } or { from, to } in ISO 8601` };
  if ('range' in parsed.data) return { ok: true, request: { kind: 'relative', range: parsed.data.range } };
  return parseAbsolute(parsed.data.from, parsed.data.to);
}

export interface WebServerOptions {
  influx: InfluxV1Client;
  host: string;
  port: number;
  aggregatorMetricsUrl: string;
  /** Built client (vite build); absent in dev mode, where vite serves it. */
  staticDir?: string;
  /** Authentication, allowed origins, the connection cap, security headers; by default: none, own origin, 100, CSP on. */
  protection?: Partial<ProtectionOptions>;
  configure?: (app: express.Express, server: HttpServer) => Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const protection: ProtectionOptions = {
    auth: new WebAuth({}), allowedHosts: [], allowedOrigins: [], maxConnectionsPerAddress: 100, contentSecurityPolicy: true, ...options.protection,
  };
  const metrics = createWebMetrics();
  const refused = (reason: string) => metrics.refused.inc({ reason });
  const app = express();
  app.disable('x-powered-by');
  app.use(securityHeaders(protection.contentSecurityPolicy));
  app.use(requireKnownHost(protection.auth, protection.allowedHosts));
  app.use(requireAuth(protection.auth));
  const server = createServer(app);
  const io = new Server(server, { serveClient: false, maxHttpBufferSize: 10_000, allowRequest: allowHandshake(protection, refused) });

  let status: AggregatorStatus = { aggregatorUp: false, lagMessages: null, late: null, invalid: null };
  const pollStatus = async () => {
    status = await readAggregatorStatus(options.aggregatorMetricsUrl);
  };
  await pollStatus();
  const statusTimer = setInterval(pollStatus, 2000);

  const publisher = new SnapshotPublisher(
    options.influx,
    () => status,
    (key, snapshot) => io.to(key).emit(SOCKET_EVENTS.snapshot, snapshot),
    (key) => io.sockets.adapter.rooms.get(key)?.size ?? 0,
    metrics,
  );

  capConnections(io, protection.maxConnectionsPerAddress, refused);
  io.on('connection', (socket) => {
    metrics.clients.inc();
    socket.once('disconnect', () => metrics.clients.dec());
    // Every incoming message: within the socket's budget, and a known event; a flood ends the connection.
    const budget = new MessageBudget();
    socket.use(([event], next) => {
      if (!budget.take()) {
        metrics.refused.inc({ reason: 'flood' });
        socket.emit(SOCKET_EVENTS.refused, `more than ${budget.burst} messages at once or ${budget.perSecond} a second: disconnected`);
        socket.disconnect(true);
        return;
      }
      if (event !== SOCKET_EVENTS.subscribe) {
        metrics.refused.inc({ reason: 'unknown event' });
        socket.emit(SOCKET_EVENTS.refused, `unknown message "${String(event).slice(0, 40)}": the only message is "${SOCKET_EVENTS.subscribe}"`);
        return;
      }
      next();
    });
    let joined: string | undefined;
    // The server subscribes a new socket to the default range and the browser then asks for its own: when
    // that is the same range, the snapshot it already has is not sent (and drawn) a second time.
    let lastSent: DashboardSnapshot | undefined;
    const subscribe = async (request: RangeRequest) => {
      const key = publisher.watch(request);
      if (joined && joined !== key) await socket.leave(joined);
      joined = key;
      await socket.join(key);
      const snapshot = await publisher.current(request);
      if (snapshot === lastSent || joined !== key) return;
      lastSent = snapshot;
      socket.emit(SOCKET_EVENTS.snapshot, snapshot);
    };
    socket.on(SOCKET_EVENTS.subscribe, (message: unknown) => {
      const parsed = rangeRequest(message);
      if (!parsed.ok) {
        metrics.refused.inc({ reason: 'invalid range' });
        socket.emit(SOCKET_EVENTS.refused, parsed.message);
        return;
      }
      subscribe(parsed.request).catch((error) => {
        if (error instanceof BusyError) refused('busy');
        socket.emit(SOCKET_EVENTS.refused, (error as Error).message);
      });
    });
    subscribe({ kind: 'relative', range: DEFAULT_RANGE }).catch(() => undefined);
  });

  // One entity's detail. Validated here; the key reaches InfluxQL only quoted.
  const EntityQuery = z.object({ dimension: z.enum(DIMENSIONS as [Dimension, ...Dimension[]]), key: z.string().min(1).max(200) }).passthrough();
  const entityBuilds = new ConcurrencyLimit('entity details', { running: 4, waiting: 32 });
  app.get('/api/entity', async (request, response) => {
    const params = new URLSearchParams(request.url.split('?')[1] ?? '');
    const entity = EntityQuery.safeParse(Object.fromEntries(params));
    const range = parseRangeParams(params);
    response.once('finish', () => metrics.entityRequests.inc({ status: String(response.statusCode) }));
    if (!entity.success) return void response.status(400).json({ error: 'expected dimension (carrier, departure, arrival, route, itinerary, leg, hub, stops) and key' });
    if (!range.ok) return void response.status(400).json({ error: range.message });
    try {
      const load = () => loadEntityDetail(options.influx, range.request, entity.data.dimension, entity.data.key, Date.now());
      response.json(await entityBuilds.run(load));
    } catch (error) {
      if (error instanceof BusyError) return void response.status(503).setHeader('retry-after', '1').json({ error: error.message });
      response.status(503).json({ error: `InfluxDB did not answer: ${(error as Error).message}` });
    }
  });

  // Prometheus text, beside the dashboard (same host and port).
  app.get('/metrics', async (_request, response) => {
    response.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });

  app.get('/healthz', (request, response) => {
    const ok = !publisher.lastError;
    // Open to uptime checks without credentials; the details only to a signed-in session (no password is checked here).
    const details = protection.auth.hasSession(request) ? { influx: publisher.lastError ?? 'ok', aggregator: status } : {};
    response.status(ok ? 200 : 503).json({ ok, ...details });
  });
  if (options.configure) await options.configure(app, server);
  else if (options.staticDir) {
    app.use(express.static(options.staticDir, { index: 'index.html', maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('cache-control', 'no-cache') }));
  }
  // Last: whatever failed (a malformed path, a body where none is expected) answers with its status and
  // one plain line, never Express's default page with the stack trace and the server's paths.
  app.use((error: { status?: number; statusCode?: number }, _request: express.Request, response: express.Response, next: express.NextFunction) => {
    if (response.headersSent) return next(error);
    const status = error.status ?? error.statusCode ?? 500;
    response.status(status >= 400 && status < 600 ? status : 500).type('text/plain').send(status < 500 ? 'bad request' : 'internal error');
  });

  publisher.start();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${address.port}/`,
    close: async () => {
      clearInterval(statusTimer);
      publisher.stop();
      io.close();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
