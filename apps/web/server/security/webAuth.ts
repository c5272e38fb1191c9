import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isPasswordHash, verifyPassword } from './passwordHash.ts';

/** How the dashboard is protected: a shared token, basic auth, or (loopback only, or said loudly) nothing. */
export interface WebAuthConfig {
  token?: string;
  /** `user:scrypt$…` (see passwordHash.ts). */
  basic?: string;
}

export const SESSION_COOKIE = 'flight_pulse_session';
/** A session lasts a working day; then the browser asks again (basic) or needs the token link again. */
const SESSION_MS = 12 * 60 * 60 * 1000;

export class WebAuthError extends Error {
  override name = 'WebAuthError';
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

export function isLoopback(host: string): boolean {
  return LOOPBACK.test(host.replace(/^\[|\]$/g, ''));
}

/** Anything but loopback needs authentication, unless the operator said loudly that a proxy of theirs does it. */
export function checkExposure(host: string, auth: WebAuthConfig, insecureNoAuth: boolean): void {
  if (isLoopback(host) || auth.token || auth.basic || insecureNoAuth) return;
  throw new WebAuthError(
    `WEB_HOST=${host} is reachable from other machines and the dashboard has no authentication: set WEB_AUTH_TOKEN (or WEB_BASIC_AUTH), `
    + 'or WEB_INSECURE_NO_AUTH=on if a proxy of yours authenticates every request',
  );
}

function equal(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

function cookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0) out.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
  }
  return out;
}

export type AuthResult = 'ok' | 'missing' | 'wrong';

/**
 * Checks a request (a page, an asset, the API, the socket.io handshake):
 * a session cookie, `Authorization: Bearer <token>` or `Basic`, or a
 * `?token=` in the URL (the link a user is given once).
 */
export class WebAuth {
  /** Signs sessions; derived from the credentials, so sessions survive a restart and end when they change. */
  private readonly key: Buffer;
  /** WEB_BASIC_AUTH split once: its user and the scrypt hash of the password. */
  private readonly basic: { user: string; hash: string } | undefined;

  constructor(private readonly config: WebAuthConfig) {
    if (config.basic !== undefined) {
      const colon = config.basic.indexOf(':');
      if (colon < 1 || !isPasswordHash(config.basic.slice(colon + 1))) {
        throw new WebAuthError('WEB_BASIC_AUTH must be user:scrypt$…, the hash printed by `npx pnpm -s web:hash-password` (never the password itself)');
      }
      this.basic = { user: config.basic.slice(0, colon), hash: config.basic.slice(colon + 1) };
    }
    this.key = createHash('sha256').update(`flight-pulse-session\0${config.token ?? ''}\0${config.basic ?? ''}`).digest();
  }

  get enabled(): boolean {
    return Boolean(this.config.token || this.config.basic);
  }

  get usesBasic(): boolean {
    return this.basic !== undefined;
  }

  /** A session cookie value, valid for SESSION_MS. */
  newSession(now = Date.now()): { value: string; maxAgeMs: number } {
    const expires = String(now + SESSION_MS);
    return { value: `${expires}.${this.sign(expires)}`, maxAgeMs: SESSION_MS };
  }

  private sign(text: string): string {
    return createHmac('sha256', this.key).update(text).digest('base64url');
  }

  private validSession(value: string | undefined, now: number): boolean {
    if (!value) return false;
    const [expires, signature] = value.split('.');
    return Boolean(expires && signature) && Number(expires) > now && equal(signature!, this.sign(expires!));
  }

  private validCredentials(authorization: string | undefined, queryToken: string | null): AuthResult {
    if (queryToken !== null) return this.config.token && equal(queryToken, this.config.token) ? 'ok' : 'wrong';
    if (!authorization) return 'missing';
    const [scheme, value = ''] = authorization.split(' ', 2);
    if (/^bearer$/i.test(scheme ?? '') && this.config.token) return equal(value, this.config.token) ? 'ok' : 'wrong';
    if (/^basic$/i.test(scheme ?? '') && this.basic) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      return colon > 0 && equal(decoded.slice(0, colon), this.basic.user) && verifyPassword(decoded.slice(colon + 1), this.basic.hash) ? 'ok' : 'wrong';
    }
    return 'wrong';
  }

  /** 'ok' when authentication is off, or the request carries a valid session or credentials. */
  check(request: Pick<IncomingMessage, 'headers' | 'url'>, now = Date.now()): AuthResult {
    if (!this.enabled) return 'ok';
    if (this.validSession(cookies(request.headers.cookie).get(SESSION_COOKIE), now)) return 'ok';
    const queryToken = new URL(request.url ?? '/', 'http://x').searchParams.get('token');
    return this.validCredentials(request.headers.authorization, queryToken);
  }

  /** True when the request came with credentials (not a session): the answer sets a session cookie. */
  static broughtCredentials(request: Pick<IncomingMessage, 'headers' | 'url'>): boolean {
    return Boolean(request.headers.authorization) || new URL(request.url ?? '/', 'http://x').searchParams.has('token');
  }
}
