/**
 * The minutes topic (TOPICS.minutes): the aggregators' open minutes as they
 * count them, a public interface like the InfluxDB schema (additive only).
 * One record per (measurement, entity tags, stream, minute), holding the
 * same fields the aggregator writes to InfluxDB for that point: absolute
 * values of one writer's share, never deltas. A reader keeps the last value
 * per key and sums over streams, exactly as InfluxDB's upserts do; a
 * restarted or rebalanced aggregator re-counts from its checkpoint and
 * republishes values that overwrite. Browser-safe: no Node imports.
 */

/** The live edge a reader keeps: the last two hours (HISTORY_AFTER_MS: no history minute is that recent). */
export const LIVE_WINDOW_MS = 2 * 60 * 60_000;

/**
 * The topic's settings: compacted (a key's last value is enough) and deleted
 * a little after the live window, so a reader that starts from the records
 * of the last two hours (offsets by timestamp) reads a few per key.
 */
export const MINUTES_TOPIC_CONFIG = {
  'cleanup.policy': 'compact,delete',
  'retention.ms': String(LIVE_WINDOW_MS + 30 * 60_000),
  'segment.ms': String(15 * 60_000),
  'min.compaction.lag.ms': '0',
} as const;

/** Partitions of the minutes topic: every record of one stream goes to one of them, in order (see minutesPartition). */
export const MINUTES_TOPIC_PARTITIONS = 6;

export interface MinuteRecord {
  /** The record's version: 1. A reader skips versions it does not know. */
  v: 1;
  /** The InfluxDB measurement (MEASUREMENTS, CROSS_MEASUREMENTS). */
  measurement: string;
  /** The entity tags, as in InfluxDB (none for flights_total); the stream is apart. */
  tags: Record<string, string>;
  /** The writer's stream ("<topic>/<partition>"), InfluxDB's `stream` tag. */
  stream: string;
  /** The minute's start, epoch ms. */
  minute: number;
  /** The point's fields, with InfluxDB's names and values (integers). */
  fields: Record<string, number>;
  /**
   * The consumer group's generation when the stream's owner joined: it only
   * grows for a stream across owners, so a reader ignores a late record
   * from a member that lost the stream (see FENCE_GRACE_MS).
   */
  fence: number;
  /** When it was published, epoch ms (the writer's clock). */
  at: number;
}

/**
 * A record with a lower fence than the newest one seen for its stream is
 * ignored while the newest is this recent (by their `at`): a member that
 * lost a stream stops publishing within a rebalance. Older than that, a
 * lower fence is a group created anew (its generations start over) and is taken.
 */
export const FENCE_GRACE_MS = 60_000;

/**
 * An aggregator's sign of life on the minutes topic, every HEARTBEAT_MS,
 * whether or not anything changed: a reader trusts the live edge only while
 * heartbeats come (an aggregator that does not publish, LIVE_PUBLISH_MS=0,
 * or cannot, leaves the reader to read InfluxDB). Keyed by `heartbeat/<member>`.
 */
export interface HeartbeatRecord {
  v: 1;
  heartbeat: true;
  /** The aggregator instance (host, process). */
  member: string;
  /** The streams it owns now. */
  streams: string[];
  at: number;
}

export const HEARTBEAT_MS = 2000;
/** A reader without a heartbeat for this long holds a stale live edge. */
export const HEARTBEAT_STALE_MS = 10_000;

/** The record's key: the point it is the latest value of (compaction keeps one per key). */
export function minuteRecordKey(record: Pick<MinuteRecord, 'measurement' | 'tags' | 'stream' | 'minute'>): string {
  const tags = Object.keys(record.tags)
    .sort()
    .map((tag) => [tag, record.tags[tag]]);
  return JSON.stringify([record.measurement, tags, record.stream, record.minute]);
}

/** The partition of a stream's records: all of one stream in one partition, so their order is the publish order. */
export function minutesPartition(stream: string, partitions = MINUTES_TOPIC_PARTITIONS): number {
  let hash = 0;
  for (let i = 0; i < stream.length; i += 1) hash = (Math.imul(hash, 31) + stream.charCodeAt(i)) | 0;
  return Math.abs(hash) % partitions;
}

const isRecordOf = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const allNumbers = (value: unknown): value is Record<string, number> =>
  isRecordOf(value) && Object.values(value).every((v) => typeof v === 'number' && Number.isFinite(v));
const allStrings = (value: unknown): value is Record<string, string> =>
  isRecordOf(value) && Object.values(value).every((v) => typeof v === 'string');

/** Reads a record's value; undefined for anything that is not a version-1 minute or heartbeat record (a reader skips it). */
export function parseMinuteRecord(text: string): MinuteRecord | HeartbeatRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecordOf(value) || value.v !== 1) return undefined;
  if (value.heartbeat === true)
    return typeof value.member === 'string' && Array.isArray(value.streams) && typeof value.at === 'number'
      ? (value as unknown as HeartbeatRecord)
      : undefined;
  const { measurement, tags, stream, minute, fields, fence, at } = value;
  if (typeof measurement !== 'string' || typeof stream !== 'string' || !allStrings(tags) || !allNumbers(fields))
    return undefined;
  if (![minute, fence, at].every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
  return value as unknown as MinuteRecord;
}
