/**
 * A failed call to InfluxDB. `retriable` separates an outage (network error,
 * 5xx, 429: try again later) from a request InfluxDB will never accept (4xx:
 * wrong credentials, no rights, no such database, a bad point). Callers read
 * it: a retriable error is retried with backoff, any other one fails fast.
 */
export class InfluxError extends Error {
  override name = 'InfluxError';
  readonly status: number | undefined;
  readonly retriable: boolean;

  constructor(message: string, status: number | undefined, retriable: boolean, options?: ErrorOptions) {
    super(message, options);
    this.status = status;
    this.retriable = retriable;
  }

  /** Credentials refused or missing (401), or no right to do this (403). */
  get isAuthorization(): boolean {
    return this.status === 401 || this.status === 403;
  }

  /** One line that says what went wrong and, for the common 4xx, what to set. */
  static fromStatus(what: 'write' | 'query', status: number, serverText: string): InfluxError {
    const hint = HINTS[status];
    const message = `InfluxDB ${what} failed (${status}): ${serverText}${hint ? ` (${hint})` : ''}`;
    return new InfluxError(message, status, status >= 500 || status === 429);
  }
}

const HINTS: Record<number, string> = {
  401: 'check INFLUX_USERNAME and INFLUX_PASSWORD on 1.x, INFLUX_TOKEN on 2.x/3.x/Cloud',
  403: 'this user lacks the right: it needs WRITE (and READ) on the database, and admin rights to create it',
  404: 'no such database or endpoint: on 2.x/3.x map the database to a bucket (DBRP mapping)',
};
