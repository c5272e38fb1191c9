/**
 * The dashboard's time ranges, shared by the server (which queries them) and
 * the browser (which offers them and keeps the choice in the URL).
 * Browser-safe: no Node imports.
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;

export type Resolution = 'minute' | 'hour';
export const RESOLUTION_MS: Record<Resolution, number> = { minute: MINUTE_MS, hour: HOUR_MS };

/**
 * Relative ranges end now and keep being pushed live. Up to 6 hours they are
 * read from the 1-minute points, beyond from the hourly rollups; longer
 * ranges change less per second, so they are re-read less often.
 */
export const RELATIVE_RANGES = {
  '5m': { durationMs: 5 * MINUTE_MS, resolution: 'minute', refreshMs: 1000 },
  '15m': { durationMs: 15 * MINUTE_MS, resolution: 'minute', refreshMs: 1000 },
  '1h': { durationMs: HOUR_MS, resolution: 'minute', refreshMs: 1000 },
  '6h': { durationMs: 6 * HOUR_MS, resolution: 'minute', refreshMs: 2000 },
  '24h': { durationMs: 24 * HOUR_MS, resolution: 'hour', refreshMs: 5000 },
  '7d': { durationMs: 7 * 24 * HOUR_MS, resolution: 'hour', refreshMs: 10_000 },
  '30d': { durationMs: 30 * 24 * HOUR_MS, resolution: 'hour', refreshMs: 15_000 },
} as const satisfies Record<string, { durationMs: number; resolution: Resolution; refreshMs: number }>;

export type RelativeRange = keyof typeof RELATIVE_RANGES;
export const DEFAULT_RANGE: RelativeRange = '15m';

const MINUTES_KEPT_MS = 29 * 24 * HOUR_MS;

/** The longest absolute range: the hourly rollups' retention (400 days). */
export const MAX_ABSOLUTE_MS = 400 * 24 * HOUR_MS;

export type RangeRequest = { kind: 'relative'; range: RelativeRange } | { kind: 'absolute'; from: number; to: number };

/** A range resolved against a clock: its buckets, oldest first, and the bounds the query uses. */
export interface ResolvedRange {
  /** Stable name: "15m", or "2026-11-01T00:00:00.000Z/2026-11-08T00:00:00.000Z". */
  key: string;
  resolution: Resolution;
  /** Bucket starts, oldest first; a relative range's last bucket is the current, incomplete one. */
  buckets: number[];
  from: number;
  /** Exclusive. */
  to: number;
  live: boolean;
}

export function isRelativeRange(value: string): value is RelativeRange {
  return Object.hasOwn(RELATIVE_RANGES, value);
}

export function resolutionFor(durationMs: number): Resolution {
  return durationMs <= 6 * HOUR_MS ? 'minute' : 'hour';
}

export function rangeKey(request: RangeRequest): string {
  return request.kind === 'relative'
    ? request.range
    : `${new Date(request.from).toISOString()}/${new Date(request.to).toISOString()}`;
}

export function resolveRange(request: RangeRequest, now: number): ResolvedRange {
  if (request.kind === 'relative') {
    const { durationMs, resolution } = RELATIVE_RANGES[request.range];
    const step = RESOLUTION_MS[resolution];
    const current = Math.floor(now / step) * step;
    const count = Math.round(durationMs / step);
    const buckets = Array.from({ length: count }, (_, i) => current - (count - 1 - i) * step);
    return { key: request.range, resolution, buckets, from: buckets[0]!, to: current + step, live: true };
  }
  // Minutes are kept 30 days: an older stretch can only be read by the hour.
  const resolution = request.from < now - MINUTES_KEPT_MS ? 'hour' : resolutionFor(request.to - request.from);
  const step = RESOLUTION_MS[resolution];
  const from = Math.floor(request.from / step) * step;
  const to = Math.ceil(request.to / step) * step;
  const buckets = Array.from({ length: Math.max(1, (to - from) / step) }, (_, i) => from + i * step);
  return { key: rangeKey(request), resolution, buckets, from, to, live: to > now };
}

/**
 * Reads a range from a URL's parameters: `range=30d`, or `from` and `to` as
 * ISO 8601. An unknown or malformed range is an error with a message for the
 * page, never a silent fallback.
 */
export function parseRangeParams(
  params: URLSearchParams,
): { ok: true; request: RangeRequest } | { ok: false; message: string } {
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null || to !== null) return parseAbsolute(from ?? '', to ?? '');
  const range = params.get('range') ?? params.get('window') ?? DEFAULT_RANGE;
  if (isRelativeRange(range)) return { ok: true, request: { kind: 'relative', range } };
  return {
    ok: false,
    message: `Unknown time range "${range.slice(0, 40)}": choose one of ${Object.keys(RELATIVE_RANGES).join(', ')}, or give from and to.`,
  };
}

export function parseAbsolute(
  fromText: string,
  toText: string,
): { ok: true; request: RangeRequest } | { ok: false; message: string } {
  const from = Date.parse(fromText);
  const to = Date.parse(toText);
  if (Number.isNaN(from) || Number.isNaN(to))
    return {
      ok: false,
      message: 'A custom range needs "from" and "to" as dates and times (ISO 8601, e.g. 2026-11-20T08:00).',
    };
  if (to <= from) return { ok: false, message: 'A custom range must end after it starts.' };
  if (to - from > MAX_ABSOLUTE_MS)
    return { ok: false, message: 'A custom range may span at most 400 days (how long the hourly rollups are kept).' };
  return { ok: true, request: { kind: 'absolute', from, to } };
}
