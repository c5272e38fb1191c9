import { Agent, fetch as undiciFetch } from 'undici';
import { InfluxError } from './influxError.ts';

export interface InfluxV1Options {
  /** Base URL, http:// or https://. */
  url: string;
  database: string;
  /** Retention policy to write into; the database's default when absent. */
  retentionPolicy?: string;
  /** Per request, in ms; 10 s by default. */
  timeoutMs?: number;
  /** InfluxDB 1.x user, sent with `password` as HTTP basic auth (never in the URL, where proxies log it). */
  username?: string;
  password?: string;
  /** InfluxDB 2.x/3.x/Cloud token, sent as `Authorization: Token …`. Not with `username`. */
  token?: string;
  /** PEM of the CAs to trust for an https:// URL, instead of the system ones. */
  ca?: string;
  /** Told of every query request with its number of statements (the web server counts them on /metrics); none by default. */
  onQuery?: (statements: number) => void;
}

export interface QueryOptions {
  /** The statements change the server: sent as a POST. */
  mutate?: boolean;
  /** This request's timeout in ms; the client's `timeoutMs` (10 s) by default. */
  timeoutMs?: number;
}

/** One series of an InfluxQL result, rows as objects keyed by column. */
export interface InfluxSeries {
  name: string;
  tags: Record<string, string>;
  rows: Record<string, unknown>[];
}

interface RawResult {
  results?: {
    statement_id: number;
    error?: string;
    series?: { name: string; tags?: Record<string, string>; columns: string[]; values?: unknown[][] }[];
  }[];
  error?: string;
}

/**
 * The v1 HTTP API: /write with line protocol, /query with InfluxQL, /ping.
 * Debian's InfluxDB 1.6 serves only this API (its /api/v2/write answers 404),
 * and 2.x and 3.x serve it for compatibility, so it is the widest target.
 */
export class InfluxV1Client {
  readonly url: string;
  readonly database: string;
  private readonly retentionPolicy: string | undefined;
  private readonly timeoutMs: number;
  private readonly authorization: string | undefined;
  private readonly fetch: (url: string, init: RequestInit) => Promise<Response>;
  private readonly onQuery: ((statements: number) => void) | undefined;

  constructor(options: InfluxV1Options) {
    this.onQuery = options.onQuery;
    this.url = options.url.replace(/\/$/, '');
    this.database = options.database;
    this.retentionPolicy = options.retentionPolicy;
    this.timeoutMs = options.timeoutMs ?? 10_000;
    if (options.token !== undefined) this.authorization = `Token ${options.token}`;
    else if (options.username !== undefined)
      this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    // Node's own fetch cannot be given a CA; undici's (the same code, as a package) can, through its dispatcher.
    const dispatcher = options.ca ? new Agent({ connect: { ca: options.ca } }) : undefined;
    this.fetch = dispatcher
      ? (url, init) => undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>
      : (url, init) => fetch(url, init);
  }

  async ping(): Promise<boolean> {
    try {
      const response = await this.fetch(`${this.url}/ping`, { signal: AbortSignal.timeout(this.timeoutMs) });
      return response.status === 204;
    } catch {
      return false;
    }
  }

  /** The server's release from /ping ("1.6.7~rc0", "1.13.2", "2.8.0"; a leading "v" dropped); undefined when it does not say. */
  async serverVersion(): Promise<string | undefined> {
    const response = await this.request('/ping', { method: 'GET' });
    await response.body?.cancel();
    return response.headers.get('x-influxdb-version')?.replace(/^v/, '') || undefined;
  }

  /**
   * One call to InfluxDB 2.x's own API (`/api/v2/…`, JSON both ways) with the client's token: what its v1 API cannot
   * do (buckets, DBRP mappings, onboarding). Errors as for queries: a 4xx is final, a 5xx retriable.
   */
  async apiV2<T>(method: 'GET' | 'POST' | 'PATCH', path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const response = await this.request(path, init);
    const text = await response.text().catch((error: unknown) => {
      throw this.unreachable(error, this.timeoutMs);
    });
    if (response.status >= 300) throw InfluxError.fromStatus('query', response.status, errorText(text));
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Writes line-protocol lines with millisecond timestamps, in one request; into `retentionPolicy` when given, else the client's. */
  async write(lines: readonly string[], retentionPolicy = this.retentionPolicy): Promise<void> {
    if (lines.length === 0) return;
    const params = new URLSearchParams({ db: this.database, precision: 'ms' });
    if (retentionPolicy) params.set('rp', retentionPolicy);
    const response = await this.request(`/write?${params}`, { method: 'POST', body: lines.join('\n') });
    if (response.status === 204) return;
    const body = await response.text().catch(() => '');
    throw InfluxError.fromStatus('write', response.status, errorText(body));
  }

  /** Runs InfluxQL; statements that change the server (CREATE, DROP, ALTER, SELECT INTO) need `mutate`. */
  async query(influxql: string, options: QueryOptions = {}): Promise<InfluxSeries[]> {
    return (await this.queryEach([influxql], options)).flat();
  }

  /** Runs several statements in one request and answers per statement, in order. */
  async queryEach(statements: readonly string[], options: QueryOptions = {}): Promise<InfluxSeries[][]> {
    // Nothing to ask (every statement answered from memory): no request, which InfluxDB would refuse (400).
    if (statements.length === 0) return [];
    this.onQuery?.(statements.length);
    const influxql = statements.join('; ');
    const params = new URLSearchParams({ db: this.database, q: influxql, epoch: 'ms' });
    const timeoutMs = options.timeoutMs ?? this.timeoutMs;
    const response = options.mutate
      ? await this.request(
          '/query',
          { method: 'POST', body: params, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
          timeoutMs,
        )
      : await this.request(`/query?${params}`, { method: 'GET' }, timeoutMs);
    // The timeout covers the answer's body too: a slow answer is the same "no answer" as a slow start.
    const text = await response.text().catch((error: unknown) => {
      throw this.unreachable(error, timeoutMs);
    });
    if (response.status !== 200) throw InfluxError.fromStatus('query', response.status, errorText(text));
    const raw = JSON.parse(text) as RawResult;
    const failed = raw.error ?? raw.results?.find((result) => result.error)?.error;
    if (failed) throw new InfluxError(`InfluxQL error: ${failed}`, 200, false);
    const answers: InfluxSeries[][] = statements.map(() => []);
    for (const result of raw.results ?? []) {
      answers[result.statement_id] = (result.series ?? []).map((series) => ({
        name: series.name,
        tags: series.tags ?? {},
        rows: (series.values ?? []).map((values) =>
          Object.fromEntries(series.columns.map((column, i) => [column, values[i]])),
        ),
      }));
    }
    return answers;
  }

  private async request(path: string, init: RequestInit, timeoutMs = this.timeoutMs): Promise<Response> {
    try {
      const headers = this.authorization
        ? { ...(init.headers as Record<string, string> | undefined), authorization: this.authorization }
        : init.headers;
      return await this.fetch(`${this.url}${path}`, { ...init, headers, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw this.unreachable(error, timeoutMs);
    }
  }

  private unreachable(error: unknown, timeoutMs: number): InfluxError {
    if ((error as Error).name === 'TimeoutError')
      return new InfluxError(`InfluxDB at ${this.url} unreachable: no answer within ${timeoutMs} ms`, undefined, true, {
        cause: error,
      });
    const code = (error as { cause?: { code?: string } }).cause?.code ?? '';
    // A certificate that does not verify stays so: not an outage to wait out.
    if (CERTIFICATE_ERROR.test(code)) {
      return new InfluxError(
        `InfluxDB at ${this.url}: its certificate does not verify (${code}); set INFLUX_CA_FILE to the CA that signed it`,
        undefined,
        false,
        { cause: error },
      );
    }
    return new InfluxError(`InfluxDB at ${this.url} unreachable: ${describeNetworkError(error)}`, undefined, true, {
      cause: error,
    });
  }
}

const CERTIFICATE_ERROR = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/;

function errorText(body: string): string {
  try {
    // 1.x answers {"error": …}; 2.x's own API {"code": …, "message": …}.
    const parsed = JSON.parse(body) as { error?: string; message?: string };
    return parsed.error ?? parsed.message ?? body;
  } catch {
    return body.slice(0, 500) || '(empty body)';
  }
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
