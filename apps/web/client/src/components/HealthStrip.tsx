import { useEffect, useState } from 'react';
import type { PipelineHealth } from '@flights/schemas/dashboard';
import { formatAge, formatCount, formatFreshness } from '../format.ts';
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
      <MinutesStream health={health} />
      <span className={health && !health.aggregatorUp ? 'warn' : ''}>
        Aggregator {health ? (health.aggregatorUp ? 'up' : 'unreachable') : '–'}
      </span>
      <span>Lag {value(health?.lagMessages)} msgs</span>
      <span>Late {value(health?.late)}</span>
      <span>Invalid {value(health?.invalid)}</span>
    </div>
  );
}

/**
 * The minutes stream: how old the newest pushed minute is ("as of 0.2 s
 * ago"), or that it is stale and the live edge comes from InfluxDB. The age
 * counts on its own clock, a few times a second, apart from the page's.
 */
function MinutesStream({ health }: { health: PipelineHealth | undefined }) {
  const [now, setNow] = useState(Date.now());
  const stream = health?.minutesStream;
  useEffect(() => {
    if (stream?.state !== 'live') return undefined;
    const timer = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(timer);
  }, [stream?.state]);
  if (!stream || stream.state === 'off') return null;
  if (stream.state === 'stale')
    return (
      <span className="warn" data-testid="minutes-stream" title="The live edge is read from InfluxDB until it is back">
        Minutes stream stale
      </span>
    );
  return (
    <span data-testid="minutes-stream" title="The newest minute counts pushed by the aggregators">
      As of {stream.asOf ? formatFreshness(now - stream.asOf) : '–'}
    </span>
  );
}
