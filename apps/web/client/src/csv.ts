import { DELAY_KEYS, type DashboardSnapshot, type Dimension } from '@flights/schemas/dashboard';

/** A field as RFC 4180 wants it, and never a formula when opened in a spreadsheet. */
function field(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Every row of a leaderboard for the chosen range (not only the top 10), exact sums included. */
export function leaderboardCsv(dimension: Dimension, snapshot: DashboardSnapshot): string {
  const delays = snapshot.totals.delays !== undefined;
  const header = [
    'key',
    'label',
    'flights',
    'share',
    'previous_period_flights',
    'fare_sum',
    'fare_count',
    'average_fare',
    ...(dimension === 'itinerary' ? ['duration_sum', 'average_minutes'] : []),
    ...(delays
      ? [
          'dep_delay_sum',
          'dep_delay_count',
          'dep_delayed_15',
          'arr_delay_sum',
          'arr_delay_count',
          'arr_delayed_15',
          'cancelled',
        ]
      : []),
    'range_from',
    'range_to',
  ];
  const lines = snapshot.dimensions[dimension].map((row) =>
    [
      row.key,
      row.label,
      row.flights,
      (row.flights / Math.max(1, snapshot.totals.flights)).toFixed(6),
      row.previous,
      row.fareSum,
      row.fareCount,
      row.fareCount ? (row.fareSum / row.fareCount).toFixed(2) : '',
      ...(dimension === 'itinerary'
        ? [row.durationSum ?? 0, row.flights ? ((row.durationSum ?? 0) / row.flights).toFixed(1) : '']
        : []),
      ...(delays ? DELAY_KEYS.map((key) => row.delays?.[key] ?? 0) : []),
      new Date(snapshot.from).toISOString(),
      new Date(snapshot.to).toISOString(),
    ]
      .map(field)
      .join(','),
  );
  return `${header.join(',')}\r\n${lines.join('\r\n')}\r\n`;
}

export function downloadCsv(dimension: Dimension, title: string, snapshot: DashboardSnapshot): void {
  const blob = new Blob([leaderboardCsv(dimension, snapshot)], { type: 'text/csv;charset=utf-8' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = `${title.toLowerCase().replace(/\W+/g, '-')}-${snapshot.range.replace(/[^\w-]+/g, '_')}.csv`;
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
}
