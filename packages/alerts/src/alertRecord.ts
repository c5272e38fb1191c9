import type { AlertNotification } from './notification.ts';

/**
 * One record of the alerts topic (TOPICS.alerts), keyed by the transition's idempotency key: what a web server
 * judged, for the one dispatcher that notifies. A public interface like the minutes topic (additive only): another
 * tool may read the transitions from it. Several web servers write the same transition under the same key; the
 * dispatcher tells it once.
 */
export interface AlertRecord {
  /** The record's version: 1. A reader skips versions it does not know. */
  v: 1;
  /** The body every JSON receiver gets. */
  notification: AlertNotification;
  /** The receivers, by name, the rule notifies. */
  receivers: string[];
}

/** The topic's settings: one partition (one order, one dispatcher), kept a week for the record. */
export const ALERTS_TOPIC_PARTITIONS = 1;
export const ALERTS_TOPIC_CONFIG = { 'retention.ms': String(7 * 24 * 3_600_000) } as const;

/** A record's text as a record; undefined for anything else (another version, a stray message). */
export function parseAlertRecord(text: string): AlertRecord | undefined {
  try {
    const record = JSON.parse(text) as Partial<AlertRecord> | null;
    if (record?.v !== 1 || typeof record.notification?.key !== 'string' || !Array.isArray(record.receivers))
      return undefined;
    return record as AlertRecord;
  } catch {
    return undefined;
  }
}
