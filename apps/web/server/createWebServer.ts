import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { Server } from 'socket.io';
import { z } from 'zod';
import type { InfluxV1Client } from '@flights/influx';
import { DASHBOARD_WINDOWS, DEFAULT_WINDOW, SOCKET_EVENTS, type DashboardWindow } from '@flights/schemas';
import { readAggregatorStatus, type AggregatorStatus } from './aggregatorHealth.ts';
import { SnapshotPublisher } from './SnapshotPublisher.ts';

/** The only message a browser may send; anything else is refused. */
const SubscribeMessage = z.object({ window: z.enum(Object.keys(DASHBOARD_WINDOWS) as [DashboardWindow, ...DashboardWindow[]]) }).strict();

export interface WebServerOptions {
  influx: InfluxV1Client;
  host: string;
  port: number;
  aggregatorMetricsUrl: string;
  /** Built client (vite build); absent in dev mode, where vite serves it. */
  staticDir?: string;
  configure?: (app: express.Express, server: HttpServer) => Promise<void>;
}

export async function startWebServer(options: WebServerOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);
  const io = new Server(server, { serveClient: false, maxHttpBufferSize: 10_000 });

  let status: AggregatorStatus = { aggregatorUp: false, lagMessages: null, late: null, invalid: null };
  const pollStatus = async () => {
    status = await readAggregatorStatus(options.aggregatorMetricsUrl);
  };
  await pollStatus();
  const statusTimer = setInterval(pollStatus, 2000);

  const publisher = new SnapshotPublisher(options.influx, () => status, (window, snapshot) => io.to(window).emit(SOCKET_EVENTS.snapshot, snapshot));

  io.on('connection', (socket) => {
    let joined: DashboardWindow | undefined;
    const subscribe = async (window: DashboardWindow) => {
      if (joined) await socket.leave(joined);
      joined = window;
      await socket.join(window);
      socket.emit(SOCKET_EVENTS.snapshot, await publisher.current(window));
    };
    socket.on(SOCKET_EVENTS.subscribe, (message: unknown) => {
      const parsed = SubscribeMessage.safeParse(message);
      if (!parsed.success) {
        socket.emit('refused', 'expected { window: "5m" | "15m" | "1h" }');
        return;
      }
      subscribe(parsed.data.window).catch((error) => socket.emit('refused', (error as Error).message));
    });
    subscribe(DEFAULT_WINDOW).catch(() => undefined);
  });

  app.get('/healthz', (_request, response) => {
    response.status(publisher.lastError ? 503 : 200).json({ ok: !publisher.lastError, influx: publisher.lastError ?? 'ok', aggregator: status });
  });
  if (options.configure) await options.configure(app, server);
  else if (options.staticDir) {
    app.use(express.static(options.staticDir, { index: 'index.html', maxAge: '1h', setHeaders: (res, path) => path.endsWith('.html') && res.setHeader('cache-control', 'no-cache') }));
  }

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
