import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from '../limits/ConcurrencyLimit.ts';
import { LoginThrottle } from './LoginThrottle.ts';
import { hashPassword } from './passwordHash.ts';
import { hostAllowed, originAllowed } from './protect.ts';
import { checkExposure, isLoopback, parseCookies, SESSION_COOKIE, WebAuth } from './webAuth.ts';

const TOKEN = 'the-token-of-at-least-32-characters';
const request = (headers: Record<string, string> = {}, url = '/') => ({ headers, url });
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const result = async (auth: WebAuth, headers: Record<string, string> = {}, url = '/', address = '10.0.0.1') =>
  (await auth.check(request(headers, url), address)).result;

describe('WebAuth', () => {
  it('lets everything through when no credentials are configured', async () => {
    expect(await result(new WebAuth({}))).toBe('ok');
  });

  it('takes the token as a bearer header or in the URL, and refuses a wrong one', async () => {
    const auth = new WebAuth({ token: TOKEN });
    expect(await result(auth)).toBe('missing');
    expect(await result(auth, { authorization: `Bearer ${TOKEN}` })).toBe('ok');
    expect(await result(auth, {}, `/?token=${TOKEN}&range=1h`)).toBe('ok');
    expect(await result(auth, { authorization: `Bearer ${TOKEN.toUpperCase()}` })).toBe('wrong');
    expect(await result(auth, {}, '/?token=')).toBe('wrong');
  });

  it('refuses a token shorter than 32 characters, saying how to make one', () => {
    expect(() => new WebAuth({ token: 'web-token-1234' })).toThrow(
      'WEB_AUTH_TOKEN must be at least 32 characters (it has 14); make one with: openssl rand -hex 32',
    );
  });

  it('checks basic auth against the scrypt hash, user name included', async () => {
    const auth = new WebAuth({ basic: `ana:${hashPassword('pw')}` });
    expect(await result(auth, { authorization: basic('ana', 'pw') })).toBe('ok');
    expect(await result(auth, { authorization: basic('bob', 'pw') })).toBe('wrong');
    expect(await result(auth, { authorization: basic('ana', 'pW') })).toBe('wrong');
    expect(() => new WebAuth({ basic: 'ana:pw' })).toThrow('WEB_BASIC_AUTH must be user:scrypt$');
  });

  it('accepts its own session cookies until they expire, and none signed for other credentials', async () => {
    const auth = new WebAuth({ token: TOKEN });
    const now = Date.now();
    const { value, maxAgeMs } = auth.newSession(now);
    const cookie = { cookie: `other=1; ${SESSION_COOKIE}=${value}` };
    expect((await auth.check(request(cookie), 'a', now + 1000)).result).toBe('ok');
    expect((await auth.check(request(cookie), 'a', now + maxAgeMs + 1)).result).toBe('missing');
    expect((await new WebAuth({ token: `${TOKEN}-other` }).check(request(cookie), 'a', now)).result).toBe('missing');
    expect((await auth.check(request({ cookie: `${SESSION_COOKIE}=${now + 1e9}.forged` }), 'a', now)).result).toBe(
      'missing',
    );
  });

  it('answers malformed cookies, headers and queries as missing or wrong, never with an exception', async () => {
    const auth = new WebAuth({ token: TOKEN, basic: `ana:${hashPassword('pw')}` });
    for (const cookie of [
      'a=%',
      `${SESSION_COOKIE}=%E0%A4%A`,
      `${SESSION_COOKIE}=${'x.'.repeat(5000)}`,
      '=;;=;',
      '%%%',
    ]) {
      expect(await result(auth, { cookie })).toBe('missing');
    }
    for (const authorization of [
      'Basic %%%',
      'Basic',
      `Basic ${Buffer.from('no-colon').toString('base64')}`,
      'Bearer',
      'Digest x',
      'x'.repeat(10_000),
    ]) {
      expect(await result(auth, { authorization }, '/', `addr-${authorization.slice(0, 12)}`)).toBe('wrong');
    }
    expect(await result(auth, {}, '/?token=%', 'q1')).toBe('wrong');
    expect(await result(auth, {}, '//%%/?token=%E0%A4%A')).toBe('missing');
    expect(parseCookies('a=%; b=%41').get('b')).toBe('A');
  });

  it('makes an address that keeps failing wait, without slowing any other address', async () => {
    const auth = new WebAuth({ token: TOKEN }, { throttle: new LoginThrottle({ freeFailures: 2 }) });
    expect(await result(auth, { authorization: 'Bearer wrong' }, '/', 'guesser')).toBe('wrong');
    expect(await result(auth, { authorization: 'Bearer wrong' }, '/', 'guesser')).toBe('wrong');
    expect(await result(auth, { authorization: 'Bearer wrong' }, '/', 'guesser')).toBe('wrong');
    const verdict = await auth.check(request({ authorization: `Bearer ${TOKEN}` }), 'guesser');
    expect(verdict).toEqual({ result: 'throttled', retryAfterSeconds: 1 });
    expect(await result(auth, { authorization: `Bearer ${TOKEN}` }, '/', 'someone else')).toBe('ok');
  });

  it('takes credentials that passed the hash again without hashing, and checks one request per address at a time', async () => {
    const hashing = new ConcurrencyLimit('password checks', { running: 1, waiting: 0 });
    const auth = new WebAuth({ basic: `ana:${hashPassword('pw')}` }, { hashing });
    expect(await result(auth, { authorization: basic('ana', 'pw') }, '/', 'a')).toBe('ok');
    // The only place is taken by another address's hash: a check that needed one would be 'busy'.
    const hashingElsewhere = auth.check(request({ authorization: basic('ana', 'guess') }), 'd');
    expect(await result(auth, { authorization: basic('ana', 'pw') }, '/', 'b')).toBe('ok');
    expect(await result(auth, { authorization: basic('ana', 'pW') }, '/', 'e')).toBe('busy');
    await hashingElsewhere;
    const both = await Promise.all(
      [1, 2].map(() => auth.check(request({ authorization: basic('ana', 'wrong') }), 'c')),
    );
    expect(both.map((v) => v.result).sort()).toEqual(['throttled', 'wrong']);
  });

  it('says busy when too many password checks wait', async () => {
    const auth = new WebAuth(
      { basic: `ana:${hashPassword('pw')}` },
      { hashing: new ConcurrencyLimit('password checks', { running: 1, waiting: 0 }) },
    );
    const verdicts = await Promise.all(
      [1, 2].map((i) => auth.check(request({ authorization: basic('ana', 'pw') }), `a${i}`)),
    );
    expect(verdicts.map((v) => v.result).sort()).toEqual(['busy', 'ok']);
  });
});

describe('exposure', () => {
  it('serves loopback without auth, anything else only with auth or the loud flag', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost', '127.0.0.2']) expect(isLoopback(host)).toBe(true);
    expect(() => checkExposure('0.0.0.0', {}, false)).toThrow('WEB_HOST=0.0.0.0 is reachable from other machines');
    expect(() => checkExposure('0.0.0.0', { token: 't' }, false)).not.toThrow();
    expect(() => checkExposure('192.168.1.5', {}, true)).not.toThrow();
  });

  it('answers only to loopback names and listed hosts, so a rebinding page is refused', () => {
    for (const host of ['localhost:3000', '127.0.0.1:3000', '[::1]:3000', 'localhost'])
      expect(hostAllowed(host, [])).toBe(true);
    expect(hostAllowed('attacker.example:3000', [])).toBe(false);
    expect(hostAllowed(undefined, [])).toBe(false);
    expect(hostAllowed('dash.lan:3000', ['dash.lan'])).toBe(true);
  });
});

describe('websocket origin', () => {
  const upgrade = (origin: string | undefined, host = 'dash.example:3000') =>
    ({ headers: { host, ...(origin ? { origin } : {}) } }) as never;

  it("allows the dashboard's own origin, listed ones and non-browser clients, and nothing else", () => {
    expect(originAllowed(upgrade('http://dash.example:3000'), [])).toBe(true);
    expect(originAllowed(upgrade(undefined), [])).toBe(true);
    expect(originAllowed(upgrade('https://grafana.example'), ['https://grafana.example'])).toBe(true);
    expect(originAllowed(upgrade('http://evil.example'), [])).toBe(false);
    expect(originAllowed(upgrade('http://dash.example:3000.evil.example'), [])).toBe(false);
    expect(originAllowed(upgrade('null'), [])).toBe(false);
  });
});
