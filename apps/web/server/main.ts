import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { influxClientOptions, InfluxV1Client } from '@flights/influx';
import { loadSettings, redactText, secretValues, SettingError } from '@flights/config';
import { createKafka, kafkaSecurity } from '@flights/kafka';
import { AlertRulesError } from '@flights/alerts';
import { loadAlertRules } from './alerts/loadAlertRules.ts';
import { guardRejections } from './crashGuard.ts';
import { startWebServer } from './createWebServer.ts';
import { checkExposure, WebAuth, WebAuthError } from './security/webAuth.ts';
import { createWebMetrics } from './webMetrics.ts';

const appDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const dev = process.argv.includes('--dev');

let secrets: string[] = [];
guardRejections((line) => process.stderr.write(`${redactText(line, secrets)}\n`));
try {
  const settings = loadSettings();
  secrets = secretValues(settings);
  const auth = { token: settings.webAuthToken, basic: settings.webBasicAuth };
  checkExposure(settings.webHost, auth, settings.webInsecureNoAuth);
  if (settings.webInsecureNoAuth && !auth.token && !auth.basic)
    process.stderr.write(
      `[web] WARNING: WEB_INSECURE_NO_AUTH=on: anyone who reaches ${settings.webHost}:${settings.webPort} sees the dashboard\n`,
    );
  const metrics = createWebMetrics();
  const influx = new InfluxV1Client({
    ...influxClientOptions(settings),
    onQuery: (statements) => metrics.influxStatements.inc(statements),
  });
  const log = (line: string) => process.stderr.write(`${redactText(line, secrets)}\n`);
  const kafka = createKafka({
    brokers: settings.kafkaBrokers,
    clientId: 'web',
    security: kafkaSecurity(settings),
    retries: settings.kafkaRetries,
  });
  const staticDir = join(appDir, 'dist');
  if (!dev && !existsSync(join(staticDir, 'index.html')))
    throw new Error(`no client build in ${staticDir}: run npx pnpm --filter @flights/web build (or npx pnpm web)`);
  const { url, close } = await startWebServer({
    influx,
    host: settings.webHost,
    port: settings.webPort,
    aggregatorMetricsUrl: `http://${settings.metricsHost}:${settings.metricsPort}/metrics`,
    staticDir,
    metrics,
    log,
    minutes: { kafka, topic: settings.minutesTopic },
    ...(settings.alertRules
      ? { alerts: { rules: loadAlertRules(settings.alertRules), topic: settings.alertsTopic } }
      : {}),
    protection: {
      auth: new WebAuth(auth),
      allowedOrigins: settings.webAllowedOrigins ?? [],
      // Without authentication, only loopback names (and those listed) are served: no DNS rebinding. A
      // non-loopback address without auth is allowed only behind the operator's proxy, which decides.
      allowedHosts: settings.webInsecureNoAuth ? undefined : [settings.webHost, ...(settings.webAllowedHosts ?? [])],
      maxConnectionsPerAddress: settings.webMaxConnectionsPerAddress,
      contentSecurityPolicy: !dev,
    },
    configure: dev
      ? async (app, server) => {
          // Dev mode: vite's middleware with hot reload, on the same port as the socket.
          const { createServer } = await import('vite');
          const vite = await createServer({
            configFile: join(appDir, 'vite.config.ts'),
            server: { middlewareMode: true, hmr: { server } },
            appType: 'spa',
          });
          app.use(vite.middlewares);
        }
      : undefined,
  });
  const protectedBy = auth.token ? ', token required' : auth.basic ? ', basic auth' : '';
  process.stderr.write(
    `[web] dashboard on ${url} (InfluxDB ${settings.influxUrl}, db ${settings.influxDb}${protectedBy})\n`,
  );
  const stop = () => void close().then(() => process.exit(0));
  process.on('SIGINT', stop).on('SIGTERM', stop);
} catch (error) {
  process.stderr.write(`error: ${redactText((error as Error).message, secrets)}\n`);
  const usage = error instanceof SettingError || error instanceof WebAuthError || error instanceof AlertRulesError;
  process.exit(usage ? 2 : 1);
}
