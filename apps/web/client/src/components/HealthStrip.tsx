import type { PipelineHealth } from '@flights/schemas/dashboard';
import { formatAge, formatCount } from '../format.ts';
import type { Connection } from '../useDashboard.ts';

const CONNECTION_TEXT: Record<Connection, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
};

export function HealthStrip({
  health,
  connection,
  now,
}: {
  health: PipelineHealth | undefined;
  connection: Connection;
  now: number;
}) {
  const age = health?.dataChangedAt ? now - health.dataChangedAt : null;
  const value = (n: number | null | undefined) => (n === null || n === undefined ? '–' : formatCount(n));
  return (
    <div className="health" role="status" aria-live="polite">
      <span className={`pill pill-${connection}`} data-testid="connection">
        {CONNECTION_TEXT[connection]}
      </span>
      <span>Updated {formatAge(age)}</span>
      <span className={health && !health.aggregatorUp ? 'warn' : ''}>
        Aggregator {health ? (health.aggregatorUp ? 'up' : 'unreachable') : '–'}
      </span>
      <span>Lag {value(health?.lagMessages)} msgs</span>
      <span>Late {value(health?.late)}</span>
      <span>Invalid {value(health?.invalid)}</span>
    </div>
  );
}
