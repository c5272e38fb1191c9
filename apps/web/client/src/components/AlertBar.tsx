import type { FiringAlert } from '@flights/schemas/dashboard';
import { formatAge, formatClock } from '../format.ts';

const METRIC_TEXT: Record<string, string> = {
  flights: 'flights',
  averageFare: 'average fare',
  averageDepartureDelay: 'average departure delay',
  averageArrivalDelay: 'average arrival delay',
  cancelledShare: 'cancelled share',
  onTimeShare: 'on-time share',
};

/** The value as the boards show it: ₹ and thousands for fares, minutes for delays, % for shares. */
function formatValue(metric: string, value: number): string {
  const number = (Math.abs(value) >= 100 ? Math.round(value) : Math.round(value * 10) / 10).toLocaleString('en-US');
  if (metric === 'averageFare') return `₹${number}`;
  if (metric.endsWith('Delay')) return `${number} min`;
  if (metric.endsWith('Share')) return `${number}%`;
  return number;
}

/**
 * What fires now, from the server's alert rules (docs/alerts.md): one line per alert with its rule, what it
 * watches, the value that tripped it and since when. Nothing at all while nothing fires.
 */
export function AlertBar({ alerts, now }: { alerts: FiringAlert[]; now: number }) {
  if (alerts.length === 0) return null;
  return (
    <section className="alert-bar" aria-label="Alerts firing" aria-live="polite" data-testid="alert-bar">
      <strong>
        {alerts.length} alert{alerts.length > 1 ? 's' : ''} firing
      </strong>
      <ul>
        {alerts.map((alert) => (
          <li key={`${alert.rule}/${alert.entity ?? ''}`} data-rule={alert.rule}>
            <span className="alert-rule">{alert.rule}</span>{' '}
            {alert.entity ? `${alert.dimension} ${alert.entity}` : 'all flights'}:{' '}
            {METRIC_TEXT[alert.metric] ?? alert.metric}{' '}
            {alert.value === null ? 'no data' : formatValue(alert.metric, alert.value)}, since{' '}
            {formatClock(alert.startsAt)} ({formatAge(now - alert.startsAt)})
          </li>
        ))}
      </ul>
    </section>
  );
}
