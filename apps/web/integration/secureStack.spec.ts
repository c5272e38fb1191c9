import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '@flights/config';
import { influxClientOptions, InfluxV1Client } from '@flights/influx';
import { createKafka, kafkaSecurity } from '@flights/kafka';
import type { DashboardSnapshot } from '@flights/schemas';
import {
  AGGREGATOR_CLI,
  expectedTotals,
  GROUND_TRUTH,
  REPLAYER_CLI,
  requireDataTrain,
  runCli,
  secureStackUp,
  spawnApp,
  totalsDifferences,
  waitForFlights,
  WEB_SERVER,
  type CliResult,
  type RunningApp,
  type SecureTestStack,
} from '@flights/infra/testing';

/**
 * The whole pipeline on the secure stack (Kafka with only SASL_SSL, InfluxDB
 * with auth and https, the dashboard behind a token), exact as on the plain
 * one; every way to get the security wrong ends in one line and a non-zero
 * exit; and no password or token ever shows in what the apps print.
 */
const id = randomUUID().slice(0, 8);
let stack: SecureTestStack;
let env: Record<string, string>;
/** Everything any process of this spec printed, and every HTTP body read: searched for secrets at the end. */
const printed: string[] = [];

async function cli(entry: string, args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
  const result = await runCli(entry, args, { ...env, ...extra });
  printed.push(result.stdout, result.stderr);
  return result;
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line.trim());
}

function tempFile(name: string, content: string): string {
  const path = join(tmpdir(), `secure-${id}-${name}`);
  writeFileSync(path, content);
  return path;
}

/** The stack's InfluxDB admin, as the apps connect: from the secure stack's settings. */
function influxAdmin(): InfluxV1Client {
  return new InfluxV1Client(influxClientOptions(loadSettings({}, env)));
}

/** A Kafka admin as the apps connect: from the secure stack's settings. */
function kafkaAdmin() {
  const settings = loadSettings({}, env);
  return createKafka({
    brokers: settings.kafkaBrokers,
    clientId: 'secure-spec',
    security: kafkaSecurity(settings),
  }).admin();
}

function connect(
  url: string,
  options: { cookie?: string; origin?: string },
): Promise<{ socket: Socket; snapshot?: DashboardSnapshot; error?: string }> {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.cookie = options.cookie;
  if (options.origin) headers.origin = options.origin;
  const socket = io(url, { transports: ['websocket'], extraHeaders: headers, reconnection: false });
  return new Promise((resolve) => {
    socket.once('snapshot', (snapshot: DashboardSnapshot) => resolve({ socket, snapshot }));
    socket.once('connect_error', (error) => resolve({ socket, error: error.message }));
  });
}

describe('the secure stack: SASL_SSL Kafka, InfluxDB with auth over https, a dashboard behind a token', () => {
  beforeAll(async () => {
    stack = await secureStackUp((line) => console.log(`[secure stack] ${line}`));
    env = {
      ...stack.env,
      FLIGHTS_TOPIC: `test.secure.${id}`,
      DEAD_LETTER_TOPIC: `test.secure.${id}.dlq`,
      MINUTES_TOPIC: `test.secure.${id}.minutes`,
      INFLUX_DB: `secure_${id}`,
      AGGREGATOR_GROUP: `secure-${id}`,
      METRICS_PORT: '0',
      WEB_PORT: '0',
    };
  });

  afterAll(async () => {
    await stack?.stop();
  });

  it('replays Data_Train.xlsx into exact totals, shown on the dashboard only to who has the token and comes from its origin', async () => {
    const aggregator = spawnApp(AGGREGATOR_CLI, [], env);
    let web: RunningApp | undefined;
    try {
      await aggregator.waitFor(/joined group/, 120_000);
      const replay = await cli(REPLAYER_CLI, [requireDataTrain(), '--clock', 'now', '--partitions', '3']);
      expect(replay.code, replay.stderr).toBe(0);
      const influx = influxAdmin();
      const totals = await waitForFlights(influx, GROUND_TRUTH.rows, 120_000);
      expect(totalsDifferences(totals, expectedTotals())).toEqual([]);
      expect(totals.fareSum).toBe(GROUND_TRUTH.fareSum);
      const aggregatorMetrics = (await aggregator.waitFor(/metrics on (http:\S+)\/metrics/))[1]!;
      printed.push(await (await fetch(`${aggregatorMetrics}/metrics`)).text());

      web = spawnApp(WEB_SERVER, [], env);
      const url = (await web.waitFor(/dashboard on (http:\S+)/, 60_000))[1]!;
      const token = readFileSync(env.WEB_AUTH_TOKEN_FILE!, 'utf8').trim();
      expect((await fetch(url)).status).toBe(401);
      expect((await fetch(`${url}?token=wrong-token`)).status).toBe(401);
      expect((await fetch(`${url}metrics`)).status).toBe(401);
      const first = await fetch(`${url}?token=${token}&range=15m`, { redirect: 'manual' });
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/?range=15m');
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      expect(cookie).not.toContain(token);
      const page = await fetch(url, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(page.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      const metrics = await fetch(`${url}metrics`, { headers: { authorization: `Bearer ${token}` } });
      expect(metrics.status).toBe(200);
      printed.push(await metrics.text(), await (await fetch(`${url}healthz`)).text());

      const origin = new URL(url).origin;
      // Refused at engine.io's handshake, before any session id: socket.io's client sees a transport error.
      const refused = await connect(url, { origin });
      expect(refused.error).toBeDefined();
      expect(refused.snapshot).toBeUndefined();
      const foreign = await connect(url, { cookie, origin: 'http://evil.example' });
      expect(foreign.error).toBeDefined();
      expect(foreign.snapshot).toBeUndefined();
      const allowed = await connect(url, { cookie, origin });
      expect(allowed.error).toBeUndefined();
      expect(allowed.snapshot?.totals.flights).toBe(GROUND_TRUTH.rows);
      for (const { socket } of [refused, foreign, allowed]) socket.close();
    } finally {
      await Promise.all([aggregator.stop(), web?.stop()]);
      printed.push(aggregator.output(), web?.output() ?? '');
    }
  });

  it('ends every wrong Kafka setting in one line and exit status 3, before sending anything', async () => {
    const sample = 'apps/replayer/samples/flights-sample.csv';
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'wrong password',
        { KAFKA_SASL_PASSWORD_FILE: tempFile('wrong-password', 'not-the-password') },
        /refused the credentials: .*invalid credentials.*SCRAM-SHA-512 \(check KAFKA_SASL_MECHANISM/,
      ],
      [
        'wrong CA',
        { KAFKA_SSL_CA_FILE: join(stack.config.dir, 'tls', 'client.crt') },
        /is signed by a CA this client does not trust/,
      ],
      [
        'plaintext client on the TLS port',
        { KAFKA_SSL: 'off', KAFKA_SSL_CA_FILE: '' },
        /is a TLS listener: set KAFKA_SSL=on/,
      ],
    ];
    for (const [name, extra, message] of cases) {
      const result = await cli(REPLAYER_CLI, [sample], { ...extra, FLIGHTS_TOPIC: `test.secure.${id}.refused` });
      expect(result.code, name).toBe(3);
      expect(lines(result.stderr), name).toHaveLength(1);
      expect(result.stderr, name).toMatch(message);
    }
    const unknown = await cli(REPLAYER_CLI, [sample], { KAFKA_SASL_MECHANISM: 'GSSAPI' });
    expect(unknown.code).toBe(2);
    expect(lines(unknown.stderr)).toEqual([
      'error: KAFKA_SASL_MECHANISM: "GSSAPI" is not one of none, plain, scram-sha-256, scram-sha-512',
    ]);
    // Nothing reached the topic: it was never even created.
    const admin = kafkaAdmin();
    try {
      expect(await admin.listTopics()).not.toContain(`test.secure.${id}.refused`);
    } finally {
      await admin.close();
    }
  });

  it('ends every wrong InfluxDB credential in one line and exit status 1, committing nothing it could not write', async () => {
    const admin = influxAdmin();
    const readerPassword = `reader-${id}-password`;
    await admin.query(`CREATE USER "reader_${id}" WITH PASSWORD '${readerPassword}'`, { mutate: true });
    await admin.query(`GRANT READ ON "${env.INFLUX_DB}" TO "reader_${id}"`, { mutate: true });
    const group = `secure-${id}-reader`;
    const cases: [string, Record<string, string>, RegExp][] = [
      [
        'wrong password',
        { INFLUX_PASSWORD_FILE: tempFile('wrong-influx', 'not-the-password') },
        /^error: InfluxDB query failed \(401\): authorization failed \(check INFLUX_USERNAME/,
      ],
      [
        'missing token',
        { INFLUX_USERNAME: '', INFLUX_PASSWORD_FILE: '', INFLUX_TOKEN_FILE: join(tmpdir(), `no-token-${id}`) },
        /^error: INFLUX_TOKEN_FILE: cannot read .* \(ENOENT\)$/,
      ],
      ['no credentials', { INFLUX_USERNAME: '', INFLUX_PASSWORD_FILE: '' }, /^error: InfluxDB query failed \(401\)/],
      [
        'a user without write rights',
        {
          INFLUX_USERNAME: `reader_${id}`,
          INFLUX_PASSWORD_FILE: tempFile('reader', readerPassword),
          AGGREGATOR_GROUP: group,
        },
        /^error: InfluxDB write failed \(403\): "reader_\w+" user is not authorized to write/,
      ],
    ];
    for (const [name, extra, message] of cases) {
      const aggregator = spawnApp(AGGREGATOR_CLI, [], { ...env, ...extra });
      const code = await Promise.race([
        new Promise((resolve) => aggregator.child.once('exit', resolve)),
        new Promise((resolve) => setTimeout(() => resolve('still running'), 90_000)),
      ]);
      if (code === 'still running') await aggregator.stop('SIGKILL');
      printed.push(aggregator.output());
      expect(code, `${name}: ${aggregator.output()}`).toBe(name === 'missing token' ? 2 : 1);
      expect(lines(aggregator.output()).at(-1), name).toMatch(message);
    }
    // The reader's group read the whole topic but could write nothing: it committed no offset.
    const kafka = kafkaAdmin();
    try {
      const [offsets] = await kafka.listConsumerGroupOffsets({ groups: [group] });
      const partitions = offsets?.topics.find(({ name }) => name === env.FLIGHTS_TOPIC)?.partitions ?? [];
      expect(partitions.every((partition) => partition.committedOffset === -1n)).toBe(true);
    } finally {
      await kafka.close();
    }
  });

  it('refuses to serve a non-loopback address without authentication', async () => {
    const result = await cli(WEB_SERVER, [], { WEB_HOST: '0.0.0.0', WEB_AUTH_TOKEN_FILE: '' });
    expect(result.code).toBe(2);
    expect(lines(result.stderr)).toEqual([
      'error: WEB_HOST=0.0.0.0 is reachable from other machines and the dashboard has no authentication: set WEB_AUTH_TOKEN (or WEB_BASIC_AUTH), or WEB_INSECURE_NO_AUTH=on if a proxy of yours authenticates every request',
    ]);
  });

  it('never prints a password or token: not in any output, log, /metrics or --help', async () => {
    for (const entry of [REPLAYER_CLI, AGGREGATOR_CLI]) {
      const help = await cli(entry, ['--help']);
      expect(help.code).toBe(0);
    }
    const everything = printed.join('\n');
    expect(everything.length).toBeGreaterThan(1000);
    for (const secret of [...stack.secrets(), `reader-${id}-password`])
      expect(everything.includes(secret), 'a secret was printed').toBe(false);
  });
});
