import { request as httpRequest } from 'node:http';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SOCKET_EVENTS, type DashboardSnapshot } from '@flights/schemas';
import { pipelineScenario, spawnApp, WEB_SERVER, type PipelineScenario, type RunningApp } from '@flights/infra/testing';
import { hashPassword } from '../server/security/passwordHash.ts';

/**
 * The web server with authentication on, met by hostile and careless
 * clients: malformed cookies, authorization headers, origins and queries on
 * pages, assets, the API and the socket handshake; a password guesser. Each
 * gets a 4xx or a connect_error; the process stays up and a good client is
 * served at the end. Requests leave from chosen loopback addresses, since
 * failed logins are counted per address.
 */
const TOKEN = 'a-token-for-the-hostile-auth-spec-0123456789';
const USER = 'ana';
const PASSWORD = 'correct horse battery staple';
let scenario: PipelineScenario;
let web: RunningApp;
let url: string;
let session: string;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with exactly these headers, from `from` (a loopback address of its own). */
function get(path: string, headers: Record<string, string>, from = '127.0.0.1'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(path, url);
    const request = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        headers,
        localAddress: from,
      },
      (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode!, headers: response.headers, body }));
      },
    );
    request.on('error', reject);
    request.end();
  });
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

beforeAll(async () => {
  scenario = pipelineScenario('hostile-auth');
  const aggregator = scenario.startAggregator(); // creates the database the dashboard reads
  await aggregator.waitFor(/joined group/);
  await aggregator.stop();
  web = spawnApp(WEB_SERVER, [], {
    ...scenario.env,
    WEB_PORT: '0',
    WEB_AUTH_TOKEN: TOKEN,
    WEB_BASIC_AUTH: `${USER}:${hashPassword(PASSWORD)}`,
  });
  url = (await web.waitFor(/dashboard on (http:\S+)/, 60_000))[1]!;
  const signIn = await get('/', { authorization: basic(USER, PASSWORD) }, '127.0.0.9');
  expect(signIn.status).toBe(200);
  session = String(signIn.headers['set-cookie']).split(';')[0]!;
});

afterAll(async () => {
  await web?.stop();
  await scenario?.cleanup();
});

const PATHS = [
  '/',
  '/index.html',
  '/assets/index.js',
  '/api/entity?dimension=carrier&key=IndiGo',
  '/metrics',
  '/socket.io/?EIO=4&transport=polling',
];

describe('a web server with authentication, against hostile clients', () => {
  it('answers malformed cookies on every path with a 4xx, never an error of its own', async () => {
    const cookies = [
      'a=%',
      'flight_pulse_session=%',
      'flight_pulse_session=%E0%A4%A',
      `flight_pulse_session=${'9'.repeat(7000)}.x`,
      '=;=;;',
      `a=${'%'.repeat(4000)}`,
    ];
    for (const path of PATHS) {
      for (const cookie of cookies) {
        const answer = await get(path, { cookie }, '127.0.0.2');
        expect(answer.status, `${path} with cookie ${cookie.slice(0, 40)}`).toBeGreaterThanOrEqual(400);
        expect(answer.status, `${path} with cookie ${cookie.slice(0, 40)}`).toBeLessThan(500);
        expect(answer.body).not.toMatch(/"sid"|\n\s+at |Error:/);
      }
    }
  });

  it('answers malformed authorization headers and queries with a 4xx, and makes a guessing address wait', async () => {
    const authorizations = [
      'Basic %%%',
      'Basic',
      'Bearer',
      'Digest abc',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      `Bearer ${'x'.repeat(6000)}`,
    ];
    const queries = ['/?token=%', '/?token=%E0%A4%A', '/?range=%&token=', '/api/entity?dimension=%&key=%'];
    const statuses: number[] = [];
    for (const authorization of authorizations) statuses.push((await get('/', { authorization }, '127.0.0.3')).status);
    for (const query of queries) statuses.push((await get(query, {}, '127.0.0.3')).status);
    expect(
      statuses.every((status) => status === 401 || status === 429),
      statuses.join(' '),
    ).toBe(true);
    const waited = await get('/', { authorization: basic(USER, 'guess') }, '127.0.0.3');
    expect(waited.status).toBe(429);
    expect(Number(waited.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not slowed by that one's failures.
    expect((await get('/', { authorization: `Bearer ${TOKEN}` }, '127.0.0.4')).status).toBe(200);
  });

  it('gives an unauthenticated socket.io client no session id, and refuses foreign and malformed origins', async () => {
    const handshake = await get('/socket.io/?EIO=4&transport=polling', {}, '127.0.0.5');
    expect(handshake.status).toBe(403);
    expect(handshake.body).not.toContain('sid');
    for (const origin of ['null', 'http://[', 'http://evil.example', 'x'.repeat(5000)]) {
      const socket = io(url, {
        transports: ['websocket'],
        extraHeaders: { cookie: session, origin },
        reconnection: false,
        forceNew: true,
      });
      const outcome = await new Promise<string>((resolve) => {
        socket.once('connect', () => resolve('connected'));
        socket.once('connect_error', () => resolve('refused'));
      });
      socket.close();
      expect(outcome, origin.slice(0, 40)).toBe('refused');
    }
  });

  it('is still up at the end and serves a signed-in browser its snapshot', async () => {
    expect(web.child.exitCode).toBeNull();
    expect((await get('/healthz', {}, '127.0.0.6')).status).toBeLessThan(500);
    expect((await get('/', { cookie: session }, '127.0.0.6')).status).toBe(200);
    const socket = io(url, {
      transports: ['websocket'],
      extraHeaders: { cookie: session },
      reconnection: false,
      forceNew: true,
    });
    const snapshot = await new Promise<DashboardSnapshot>((resolve, reject) => {
      socket.once(SOCKET_EVENTS.snapshot, resolve);
      socket.once('connect_error', reject);
    });
    socket.close();
    expect(snapshot.totals.flights).toBe(0);
    expect(web.output()).not.toMatch(/^\s+at /m);
    expect(web.output()).not.toMatch(/unexpectedly/);
  });
});
