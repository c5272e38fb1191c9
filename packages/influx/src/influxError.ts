/**
 * A failed call to InfluxDB. `retriable` separates an outage (network error,
 * 5xx, 429: try again later) from a request InfluxDB will never accept (4xx).
 */
export class InfluxError extends Error {
  override name = 'InfluxError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly retriable: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
