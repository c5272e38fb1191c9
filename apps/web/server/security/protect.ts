import type { IncomingMessage } from 'node:http';
import type express from 'express';
import helmet from 'helmet';
import type { Server, Socket } from 'socket.io';
import { isLoopback, queryParam, SESSION_COOKIE, WebAuth, type AuthVerdict } from './webAuth.ts';

export interface ProtectionOptions {
  auth: WebAuth;
  /** Host names served when authentication is off, besides loopback; undefined serves any (a proxy in front decides). */
  allowedHosts?: readonly string[];
  /** Origins allowed to open the websocket besides the dashboard's own. */
  allowedOrigins: readonly string[];
  maxConnectionsPerAddress: number;
  /** Content-Security-Policy on (off in dev mode, where vite injects inline scripts). */
  contentSecurityPolicy: boolean;
}

/** Paths a load balancer or an uptime check reads without credentials; they say only up or down. */
const OPEN_PATHS = new Set(['/healthz']);

/**
 * Security headers (helmet): a CSP that allows only this origin's scripts,
 * no framing, no MIME sniffing, no referrer across origins. Recharts and the
 * map set inline styles, so styles may be inline; nothing else is.
 */
export function securityHeaders(contentSecurityPolicy: boolean): express.RequestHandler {
  return helmet({
    contentSecurityPolicy: contentSecurityPolicy
      ? {
          directives: {
            'default-src': ["'self'"],
            'script-src': ["'self'"],
            'style-src': ["'self'", "'unsafe-inline'"],
            'img-src': ["'self'", 'data:'],
            'connect-src': ["'self'"],
            // Served over plain http on a LAN too: upgrading every request to https would break it.
            'upgrade-insecure-requests': null,
          },
        }
      : false,
    // Only meaningful over https, and harmful to a dashboard served on plain http by IP.
    strictTransportSecurity: false,
  });
}

/** The client's address as the limits count it (no proxy headers: they are the client's to forge). */
export function clientAddress(request: Pick<IncomingMessage, 'socket'>): string {
  return request.socket.remoteAddress ?? 'unknown';
}

/** Answers a refused check: 401 (with a Basic challenge when basic auth is on), 429 or 503 with Retry-After. */
function refuse(response: express.Response, auth: WebAuth, verdict: AuthVerdict): void {
  if (verdict.retryAfterSeconds !== undefined) response.setHeader('retry-after', String(verdict.retryAfterSeconds));
  if (verdict.result === 'throttled')
    return void response
      .status(429)
      .type('text/plain')
      .send('too many failed logins from this address: wait and try again');
  if (verdict.result === 'busy')
    return void response.status(503).type('text/plain').send('too many logins at once: try again in a moment');
  if (auth.usesBasic) response.setHeader('www-authenticate', 'Basic realm="Flight Pulse", charset="UTF-8"');
  response
    .status(401)
    .type('text/plain')
    .send(
      verdict.result === 'missing'
        ? 'authentication required: open the link with ?token=<token> you were given, or sign in'
        : 'wrong credentials',
    );
}

/** Every page, asset, API and metrics request needs a session or credentials; a first visit with them gets a session cookie. */
export function requireAuth(auth: WebAuth): express.RequestHandler {
  return async (request, response, next) => {
    if (!auth.enabled || OPEN_PATHS.has(request.path)) return next();
    const verdict = await auth.check(request, clientAddress(request));
    if (verdict.result !== 'ok') return refuse(response, auth, verdict);
    if (!WebAuth.broughtCredentials(request)) return next();
    const session = auth.newSession();
    response.cookie(SESSION_COOKIE, session.value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.secure,
      maxAge: session.maxAgeMs,
      path: '/',
    });
    if (request.method === 'GET' && queryParam(request.originalUrl, 'token') !== null) {
      // The token leaves the address bar (and history, and Referer headers) at once.
      const url = new URL(request.originalUrl, 'http://x');
      url.searchParams.delete('token');
      return response.redirect(303, `${url.pathname}${url.search}`);
    }
    next();
  };
}

/**
 * With authentication off, only these Host names are served: a page on
 * another site whose name resolves to 127.0.0.1 (DNS rebinding) sends its own
 * name as Host and is refused. Loopback names always; WEB_ALLOWED_HOSTS adds more.
 */
export function hostAllowed(host: string | undefined, allowedHosts: readonly string[]): boolean {
  if (!host || host.length > 300) return false;
  const name = host.replace(/:\d+$/, '');
  return isLoopback(name) || allowedHosts.includes(name) || allowedHosts.includes(host);
}

/** The Host check, for pages, assets and the API; off when authentication is on (a rebinding page has no session). */
export function requireKnownHost(auth: WebAuth, allowedHosts: readonly string[] | undefined): express.RequestHandler {
  return (request, response, next) => {
    if (auth.enabled || !allowedHosts || hostAllowed(request.headers.host, allowedHosts)) return next();
    response
      .status(421)
      .type('text/plain')
      .send('unknown Host: add it to WEB_ALLOWED_HOSTS to serve the dashboard under that name');
  };
}

/** The websocket's Origin: absent (not a browser), the dashboard's own, or one listed in WEB_ALLOWED_ORIGINS. */
export function originAllowed(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (allowedOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

/**
 * The engine.io handshake, before any session id is given: Host, Origin and
 * credentials (a session cookie, `Authorization` or `?token=`), as for a page.
 * A refused client gets a 403 and, in socket.io's client, a connect_error.
 */
export function allowHandshake(
  options: ProtectionOptions,
  onRefused: (reason: string) => void,
): (request: IncomingMessage, callback: (error: string | null | undefined, success: boolean) => void) => void {
  return (request, callback) => {
    const refuse = (reason: string, message: string) => {
      onRefused(reason);
      callback(message, false);
    };
    if (!options.auth.enabled && options.allowedHosts && !hostAllowed(request.headers.host, options.allowedHosts))
      return refuse('host', 'unknown host');
    if (!originAllowed(request, options.allowedOrigins)) return refuse('origin', 'origin not allowed');
    options.auth.check(request, clientAddress(request)).then(
      (verdict) =>
        verdict.result === 'ok'
          ? callback(null, true)
          : refuse(
              verdict.result === 'wrong' || verdict.result === 'missing' ? 'unauthorized' : verdict.result,
              verdict.result,
            ),
      () => refuse('unauthorized', 'unauthorized'),
    );
  };
}

/**
 * The socket.io CONNECT: the per-address cap. Counted when the connection is
 * made and given back when its transport closes, whatever closed it: a
 * connection refused or dropped mid-handshake never leaves a count behind.
 */
export function capConnections(
  io: Server,
  maxPerAddress: number,
  onRefused: (reason: string) => void,
): { open: () => number } {
  const perAddress = new Map<string, number>();
  io.use((socket: Socket, next) => {
    const address = socket.handshake.address;
    const open = perAddress.get(address) ?? 0;
    if (open >= maxPerAddress) {
      onRefused('connections per address');
      return next(new Error(`more than ${maxPerAddress} connections from ${address}`));
    }
    if (socket.conn.readyState !== 'open') return next(new Error('closed during the handshake'));
    perAddress.set(address, open + 1);
    socket.conn.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    next();
  });
  return { open: () => [...perAddress.values()].reduce((sum, n) => sum + n, 0) };
}
