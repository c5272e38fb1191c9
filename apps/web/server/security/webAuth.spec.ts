import { describe, expect, it } from 'vitest';
import { hashPassword } from './passwordHash.ts';
import { originAllowed } from './protect.ts';
import { checkExposure, isLoopback, SESSION_COOKIE, WebAuth } from './webAuth.ts';

const request = (headers: Record<string, string> = {}, url = '/') => ({ headers, url });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('WebAuth', () => {
  it('lets everything through when no credentials are configured', () => {
    expect(new WebAuth({}).check(request())).toBe('ok');
  });

  it('takes the token as a bearer header or in the URL, and refuses a wrong one', () => {
    const auth = new WebAuth({ token: 'the-token' });
    expect(auth.check(request())).toBe('missing');
    expect(auth.check(request({ authorization: 'Bearer the-token' }))).toBe('ok');
    expect(auth.check(request({}, '/?token=the-token&range=1h'))).toBe('ok');
    expect(auth.check(request({ authorization: 'Bearer the-tokeN' }))).toBe('wrong');
    expect(auth.check(request({}, '/?token='))).toBe('wrong');
  });

  it('checks basic auth against the scrypt hash, user name included', () => {
    const auth = new WebAuth({ basic: `ana:${hashPassword('pw')}` });
    expect(auth.check(request({ authorization: basic('ana', 'pw') }))).toBe('ok');
    expect(auth.check(request({ authorization: basic('bob', 'pw') }))).toBe('wrong');
    expect(auth.check(request({ authorization: basic('ana', 'pW') }))).toBe('wrong');
    expect(() => new WebAuth({ basic: 'ana:pw' })).toThrow('WEB_BASIC_AUTH must be user:scrypt$');
  });

  it('accepts its own session cookies until they expire, and none signed for other credentials', () => {
    const auth = new WebAuth({ token: 'the-token' });
    const now = Date.now();
    const { value, maxAgeMs } = auth.newSession(now);
    const cookie = { cookie: `other=1; ${SESSION_COOKIE}=${value}` };
    expect(auth.check(request(cookie), now + 1000)).toBe('ok');
    expect(auth.check(request(cookie), now + maxAgeMs + 1)).toBe('missing');
    expect(new WebAuth({ token: 'another-token' }).check(request(cookie), now)).toBe('missing');
    expect(auth.check(request({ cookie: `${SESSION_COOKIE}=${now + 1e9}.forged` }), now)).toBe('missing');
  });
});

describe('exposure', () => {
  it('serves loopback without auth, anything else only with auth or the loud flag', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost', '127.0.0.2']) expect(isLoopback(host)).toBe(true);
    expect(() => checkExposure('0.0.0.0', {}, false)).toThrow('WEB_HOST=0.0.0.0 is reachable from other machines');
    expect(() => checkExposure('0.0.0.0', { token: 't' }, false)).not.toThrow();
    expect(() => checkExposure('192.168.1.5', {}, true)).not.toThrow();
  });
});

describe('websocket origin', () => {
  const upgrade = (origin: string | undefined, host = 'dash.example:3000') => ({ headers: { host, ...(origin ? { origin } : {}) } }) as never;

  it('allows the dashboard\'s own origin, listed ones and non-browser clients, and nothing else', () => {
    expect(originAllowed(upgrade('http://dash.example:3000'), [])).toBe(true);
    expect(originAllowed(upgrade(undefined), [])).toBe(true);
    expect(originAllowed(upgrade('https://grafana.example'), ['https://grafana.example'])).toBe(true);
    expect(originAllowed(upgrade('http://evil.example'), [])).toBe(false);
    expect(originAllowed(upgrade('http://dash.example:3000.evil.example'), [])).toBe(false);
    expect(originAllowed(upgrade('null'), [])).toBe(false);
  });
});
