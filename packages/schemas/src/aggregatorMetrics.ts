/**
 * The aggregator's Prometheus metric names. Operators scrape them, the web
 * app's health strip and the benchmarks read them: renaming one is a breaking
 * change, so they are defined once, here.
 */
export const AGGREGATOR_METRICS = {
  consumed: 'aggregator_events_consumed_total',
  counted: 'aggregator_events_counted_total',
  invalid: 'aggregator_events_invalid_total',
  late: 'aggregator_events_late_total',
  redelivered: 'aggregator_events_redelivered_total',
  deadLettered: 'aggregator_dead_lettered_total',
  lag: 'aggregator_partition_lag',
  writeSeconds: 'aggregator_write_duration_seconds',
  writeFailures: 'aggregator_write_failures_total',
  pointsWritten: 'aggregator_points_written_total',
  pointsRefused: 'aggregator_points_refused_total',
  bufferedMinutes: 'aggregator_buffered_minutes',
  lastWrite: 'aggregator_last_successful_write_timestamp_seconds',
  eventTimeLag: 'aggregator_event_time_lag_seconds',
  beyondRetention: 'aggregator_events_beyond_retention_total',
  rollupSeconds: 'aggregator_rollup_duration_seconds',
  minutesPublished: 'aggregator_minutes_published_total',
  minutesPublishFailures: 'aggregator_minutes_publish_failures_total',
  minutesPublishSeconds: 'aggregator_minutes_publish_seconds',
} as const;

/** The web server's metric names, on its own port's /metrics. */
export const WEB_METRICS = {
  clients: 'web_socket_clients',
  snapshotSeconds: 'web_snapshot_build_seconds',
  pushes: 'web_snapshot_pushes_total',
  refused: 'web_socket_messages_refused_total',
  probeSeconds: 'web_influx_probe_seconds',
  refreshFailures: 'web_snapshot_refresh_failures_total',
  entityRequests: 'web_entity_requests_total',
  keptDays: 'web_kept_days',
  keptWarming: 'web_kept_days_loading',
  influxStatements: 'web_influx_statements_total',
  liveRecords: 'web_minutes_records_total',
  liveStale: 'web_minutes_stream_stale',
  liveAgeSeconds: 'web_minutes_stream_age_seconds',
  reconcileDifferences: 'web_minutes_reconcile_differences_total',
  bytesSent: 'web_socket_bytes_sent_total',
  alertTransitions: 'web_alert_transitions_total',
  alertNotifications: 'web_alert_notifications_total',
  alertsFiring: 'web_alerts_firing',
} as const;

/** The replayer's metric names, on /metrics while it runs with --metrics-port. */
export const REPLAYER_METRICS = {
  rowsRead: 'replayer_rows_read_total',
  sent: 'replayer_events_sent_total',
  acknowledged: 'replayer_events_acknowledged_total',
  rejected: 'replayer_rows_rejected_total',
  rate: 'replayer_send_rate_events_per_second',
  failedFiles: 'replayer_files_failed_total',
} as const;

/** Sums every sample of one metric in Prometheus text (all label sets); null when it has none. */
export function sumMetric(text: string, name: string): number | null {
  let found = false;
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) {
      found = true;
      sum += value;
    }
  }
  return found ? sum : null;
}
