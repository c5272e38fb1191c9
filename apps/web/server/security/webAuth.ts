import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { BusyError, ConcurrencyLimit } from '../limits/ConcurrencyLimit.ts';
import { LoginThrottle } from './LoginThrottle.ts';
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

/** A shared token shorter than this could be guessed; `openssl rand -hex 32` makes 64 characters. */
export const MIN_TOKEN_LENGTH = 32;
/** Longer credentials or cookie headers are cut before anything reads them: no browser sends more. */
const MAX_CREDENTIAL = 1024;
const MAX_COOKIE_HEADER = 8192;
/** How long credentials that passed the hash are taken again without it, and how many are remembered. */
const VERIFIED_MS = 15 * 60 * 1000;
const MAX_VERIFIED = 1000;

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
    `WEB_HOST=${host} is reachable from other machines and the dashboard has no authentication: set WEB_AUTH_TOKEN (or WEB_BASIC_AUTH), ` +
      'or WEB_INSECURE_NO_AUTH=on if a proxy of yours authenticates every request',
  );
}

function equal(a: string, b: string): boolean {
  const left = createHash('sha256').update(a).digest();
  const right = createHash('sha256').update(b).digest();
  return timingSafeEqual(left, right);
}

/** The request's cookies; a value that is not valid percent-encoding is kept as sent (it then matches nothing). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? '').slice(0, MAX_COOKIE_HEADER).split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    const raw = part.slice(at + 1).trim();
    let value = raw;
    try {
      value = decodeURIComponent(raw);
    } catch {
      // `a=%` and the like: a browser never sends it, a hostile client may; it must not end the request.
    }
    out.set(part.slice(0, at).trim(), value);
  }
  return out;
}

/**
 * 'ok', or why not: no credentials, wrong ones, an address that failed too
 * often ('throttled'), or too many password checks waiting ('busy').
 */
export type AuthResult = 'ok' | 'missing' | 'wrong' | 'throttled' | 'busy';

export interface AuthVerdict {
  result: AuthResult;
  /** With 'throttled' and 'busy': seconds before asking again makes sense (Retry-After). */
  retryAfterSeconds?: number;
}

/** What a check reads of a request: a page, an asset, the API, the socket.io handshake. */
export type AuthRequest = Pick<IncomingMessage, 'headers' | 'url'>;

export interface WebAuthOptions {
  /** Failed logins per client address; default: 5 free, then a doubling wait up to 5 minutes. */
  throttle?: LoginThrottle;
  /**
   * Password hashes at once and waiting; default 2 running (each about 32 MB
   * and 80 ms of a core), 32 waiting, one place kept for addresses that have
   * not failed lately, so guessers never hold every place.
   */
  hashing?: ConcurrencyLimit;
}

/**
 * Checks a request: a session cookie, `Authorization: Bearer <token>` or
 * `Basic`, or a `?token=` in the URL (the link a user is given once). The
 * session is checked first and costs one HMAC; credentials are checked only
 * for an address that has not failed too often, and a password's slow hash
 * runs off the event loop with a bounded number at once.
 */
export class WebAuth {
  /** Signs sessions; derived from the credentials, so sessions survive a restart and end when they change. */
  private readonly key: Buffer;
  /** WEB_BASIC_AUTH split once: its user and the scrypt hash of the password. */
  private readonly basic: { user: string; hash: string } | undefined;
  private readonly throttle: LoginThrottle;
  private readonly hashing: ConcurrencyLimit;
  /** Addresses with a check under way: one at a time each, so one address cannot fill the line. */
  private readonly checking = new Set<string>();
  /**
   * Basic credentials that passed the hash lately, as HMACs under the
   * session key (never the password), with when they stop counting: a script
   * or a browser that sends the same header with every request pays the
   * hash once, not every time.
   */
  private readonly verified = new Map<string, number>();

  private readonly config: WebAuthConfig;

  constructor(config: WebAuthConfig, options: WebAuthOptions = {}) {
    this.config = config;
    if (config.token !== undefined && config.token.length < MIN_TOKEN_LENGTH) {
      throw new WebAuthError(
        `WEB_AUTH_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (it has ${config.token.length}); ` +
          `make one with: openssl rand -hex 32`,
      );
    }
    if (config.basic !== undefined) {
      const colon = config.basic.indexOf(':');
      if (colon < 1 || !isPasswordHash(config.basic.slice(colon + 1))) {
        throw new WebAuthError(
          'WEB_BASIC_AUTH must be user:scrypt$…, the hash printed by `npx pnpm -s web:hash-password` (never the password itself)',
        );
      }
      this.basic = { user: config.basic.slice(0, colon), hash: config.basic.slice(colon + 1) };
    }
    this.key = createHash('sha256')
      .update(`flight-pulse-session\0${config.token ?? ''}\0${config.basic ?? ''}`)
      .digest();
    this.throttle = options.throttle ?? new LoginThrottle();
    this.hashing =
      options.hashing ?? new ConcurrencyLimit('password checks', { running: 2, waiting: 32, reservedForFirst: 1 });
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

  /** True when authentication is off or the request carries a valid session cookie: one HMAC, no hash. */
  hasSession(request: AuthRequest, now = Date.now()): boolean {
    if (!this.enabled) return true;
    const value = parseCookies(request.headers.cookie).get(SESSION_COOKIE);
    if (!value || value.length > 200) return false;
    const [expires, signature] = value.split('.');
    return Boolean(expires && signature) && Number(expires) > now && equal(signature!, this.sign(expires!));
  }

  /** 'ok' when authentication is off, or the request carries a valid session or credentials. */
  async check(request: AuthRequest, address: string, now = Date.now()): Promise<AuthVerdict> {
    if (this.hasSession(request, now)) return { result: 'ok' };
    const credentials = presentedCredentials(request);
    if (!credentials) return { result: 'missing' };
    const wait = this.throttle.waitSeconds(address, now);
    if (wait > 0) return { result: 'throttled', retryAfterSeconds: wait };
    if (this.checking.has(address)) return { result: 'throttled', retryAfterSeconds: 1 };
    this.checking.add(address);
    let valid: boolean;
    try {
      valid = await this.validCredentials(credentials, !this.throttle.hasFailed(address, now), now);
    } catch (error) {
      if (error instanceof BusyError) return { result: 'busy', retryAfterSeconds: 1 };
      throw error;
    } finally {
      this.checking.delete(address);
    }
    if (valid) this.throttle.succeeded(address);
    else this.throttle.failed(address, now);
    return { result: valid ? 'ok' : 'wrong' };
  }

  private async validCredentials(credentials: Credentials, cleanRecord: boolean, now: number): Promise<boolean> {
    if (credentials.kind === 'token') return Boolean(this.config.token) && equal(credentials.value, this.config.token!);
    if (!this.basic) return false;
    const seal = this.sign(`basic\0${credentials.user}\0${credentials.password}`);
    if ((this.verified.get(seal) ?? 0) > now) return true;
    const { user, hash } = this.basic;
    const userMatches = equal(credentials.user, user);
    // The hash runs for a wrong user too, so the answer's timing does not tell which users exist.
    const passwordMatches = await this.hashing.run(() => verifyPassword(credentials.password, hash), cleanRecord);
    if (!userMatches || !passwordMatches) return false;
    this.verified.delete(seal);
    this.verified.set(seal, now + VERIFIED_MS);
    if (this.verified.size > MAX_VERIFIED) this.verified.delete(this.verified.keys().next().value!);
    return true;
  }

  /** True when the request came with credentials (not a session): the answer sets a session cookie. */
  static broughtCredentials(request: AuthRequest): boolean {
    return presentedCredentials(request) !== undefined;
  }
}

type Credentials = { kind: 'token'; value: string } | { kind: 'basic'; user: string; password: string };

/** The credentials a request presents, whatever they are worth; undefined when it presents none. */
function presentedCredentials(request: AuthRequest): Credentials | undefined {
  const queryToken = queryParam(request.url, 'token');
  if (queryToken !== null) return { kind: 'token', value: queryToken.slice(0, MAX_CREDENTIAL) };
  const authorization = request.headers.authorization;
  if (!authorization) return undefined;
  const space = authorization.indexOf(' ');
  const scheme = space < 0 ? authorization : authorization.slice(0, space);
  const value =
    space < 0
      ? ''
      : authorization
          .slice(space + 1)
          .trim()
          .slice(0, MAX_CREDENTIAL);
  if (/^bearer$/i.test(scheme)) return { kind: 'token', value };
  if (/^basic$/i.test(scheme)) {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return {
      kind: 'basic',
      user: colon < 0 ? decoded : decoded.slice(0, colon),
      password: colon < 0 ? '' : decoded.slice(colon + 1),
    };
  }
  // An unknown scheme is a wrong credential, not a missing one: it is counted against the address.
  return { kind: 'token', value: '' };
}

/** One query parameter of a request URL, or null; a URL that does not parse has none. */
export function queryParam(url: string | undefined, name: string): string | null {
  try {
    return new URL(url ?? '/', 'http://x').searchParams.get(name);
  } catch {
    return null;
  }
}
