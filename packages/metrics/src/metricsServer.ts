import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';

export interface Health {
  ok: boolean;
  detail: Record<string, unknown>;
}

/** GET /metrics (Prometheus text) and GET /healthz (200 or 503, JSON detail). */
export async function startMetricsServer(
  registry: Registry,
  health: () => Health,
  host: string,
  port: number,
): Promise<{ server: Server; url: string }> {
  const server = createServer(async (request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method === 'GET' && path === '/metrics') {
      response.writeHead(200, { 'content-type': registry.contentType });
      response.end(await registry.metrics());
    } else if (request.method === 'GET' && path === '/healthz') {
      const { ok, detail } = health();
      response.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ ok, ...detail }));
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found: try /metrics or /healthz\n');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return { server, url: `http://${host}:${address.port}` };
}
