import type { IncomingMessage } from 'node:http';
import type express from 'express';
import helmet from 'helmet';
import type { Server, Socket } from 'socket.io';
import { SESSION_COOKIE, WebAuth } from './webAuth.ts';

export interface ProtectionOptions {
  auth: WebAuth;
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

/** Every page, asset, API and metrics request needs a session or credentials; a first visit with them gets a session cookie. */
export function requireAuth(auth: WebAuth): express.RequestHandler {
  return (request, response, next) => {
    if (!auth.enabled || OPEN_PATHS.has(request.path)) return next();
    const result = auth.check(request);
    if (result === 'ok') {
      if (!WebAuth.broughtCredentials(request)) return next();
      const session = auth.newSession();
      response.cookie(SESSION_COOKIE, session.value, { httpOnly: true, sameSite: 'strict', secure: request.secure, maxAge: session.maxAgeMs, path: '/' });
      if (request.method === 'GET' && 'token' in request.query) {
        // The token leaves the address bar (and history, and Referer headers) at once.
        const url = new URL(request.originalUrl, 'http://x');
        url.searchParams.delete('token');
        return response.redirect(303, `${url.pathname}${url.search}`);
      }
      return next();
    }
    if (auth.usesBasic) response.setHeader('www-authenticate', 'Basic realm="Flight Pulse", charset="UTF-8"');
    response.status(401).type('text/plain').send(result === 'missing' ? 'authentication required: open the link with ?token=<token> you were given, or sign in' : 'wrong credentials');
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

/** The socket.io handshake: origin, credentials (a session cookie, or `auth: { token }` from a script) and the per-address cap. */
export function protectSockets(io: Server, options: ProtectionOptions, onRefused: (reason: string) => void): void {
  const perAddress = new Map<string, number>();
  io.use((socket: Socket, next) => {
    if (!originAllowed(socket.request, options.allowedOrigins)) {
      onRefused('origin');
      return next(new Error(`origin ${String(socket.request.headers.origin).slice(0, 100)} is not allowed`));
    }
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    const request = typeof token === 'string' ? { headers: { ...socket.request.headers, authorization: `Bearer ${token}` }, url: '/' } : socket.request;
    if (options.auth.check(request) !== 'ok') {
      onRefused('unauthorized');
      return next(new Error('unauthorized'));
    }
    const address = socket.handshake.address;
    const open = perAddress.get(address) ?? 0;
    if (open >= options.maxConnectionsPerAddress) {
      onRefused('connections per address');
      return next(new Error(`more than ${options.maxConnectionsPerAddress} connections from ${address}`));
    }
    perAddress.set(address, open + 1);
    socket.once('disconnect', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    next();
  });
}
