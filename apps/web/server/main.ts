import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InfluxV1Client } from '@flights/influx';
import { loadSettings, SettingError } from '@flights/config';
import { startWebServer } from './createWebServer.ts';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');

try {
  const settings = loadSettings();
  const influx = new InfluxV1Client({ url: settings.influxUrl, database: settings.influxDb });
  const staticDir = join(appDir, 'dist');
  if (!dev && !existsSync(join(staticDir, 'index.html'))) throw new Error(`no client build in ${staticDir}: run npx pnpm --filter @flights/web build (or npx pnpm web)`);
  const { url, close } = await startWebServer({
    influx,
    host: settings.webHost,
    port: settings.webPort,
    aggregatorMetricsUrl: `http://${settings.metricsHost}:${settings.metricsPort}/metrics`,
    staticDir,
    configure: dev
      ? async (app, server) => {
          // Dev mode: vite's middleware with hot reload, on the same port as the socket.
          const { createServer } = await import('vite');
          const vite = await createServer({ configFile: join(appDir, 'vite.config.ts'), server: { middlewareMode: true, hmr: { server } }, appType: 'spa' });
          app.use(vite.middlewares);
        }
      : undefined,
  });
  process.stderr.write(`[web] dashboard on ${url} (InfluxDB ${settings.influxUrl}, db ${settings.influxDb})\n`);
  const stop = () => void close().then(() => process.exit(0));
  process.on('SIGINT', stop).on('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`error: ${error instanceof SettingError ? error.message : (error as Error).message}\n`);
  process.exit(1);
}
