/**
 * Kafka topic names. The version is part of the name so a future v2 event can
 * run beside v1 while consumers migrate.
 */
export const TOPICS = {
  /** Normalized flight events; written by the replayer, read by the aggregator. */
  flights: 'flight.events.v1',
  /** Rows or messages that could not become a valid v1 event, with the reason. */
  deadLetter: 'flight.events.dlq.v1',
  /** The aggregators' open minutes, as they count them (see minutesTopic.ts); read by the web servers. */
  minutes: 'flight.minutes.v1',
  /** Alert transitions as the web servers judge them (AlertRecord in @flights/alerts); one dispatcher notifies. */
  alerts: 'flight.alerts.v1',
} as const;
