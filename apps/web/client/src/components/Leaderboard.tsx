import type { EntityRow } from '@flights/schemas/dashboard';
import { formatCount, formatDuration, formatFare } from '../format.ts';
import { Sparkline } from './Sparkline.tsx';

interface Props {
  id: string;
  title: string;
  rows: EntityRow[];
  minutes: number[];
  /** Adds the exact average fare and duration of each row (itineraries carry duration sums). */
  averages?: boolean;
}

const TOP = 10;

/** Top 10 as horizontal bars with exact counts; each row has its own per-minute sparkline. */
export function Leaderboard({ id, title, rows, minutes, averages = false }: Props) {
  const top = rows.slice(0, TOP);
  const max = top[0]?.flights ?? 0;
  return (
    <section className={`panel leaderboard${averages ? ' with-averages' : ''}`} aria-labelledby={`${id}-title`} data-testid={`board-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {averages && top.length > 0 && (
        <div className="board-row board-head" aria-hidden="true">
          <span /><span /><span className="bar-slot" /><span className="count">flights</span><span className="avg">avg fare</span><span className="avg">avg time</span><span className="spark-slot" />
        </div>
      )}
      {top.length === 0 ? (
        <p className="empty">No flights in this window yet.</p>
      ) : (
        <ol>
          {top.map((row, i) => (
            <li key={row.key} className="board-row" data-key={row.key} data-flights={row.flights}>
              <span className="rank">{i + 1}</span>
              <span className="name" title={row.label}>
                {row.label}
              </span>
              <span className="bar" aria-hidden="true">
                <span style={{ width: `${max ? (row.flights / max) * 100 : 0}%` }} />
              </span>
              <span className="count">{formatCount(row.flights)}</span>
              {averages && <span className="avg" data-testid="avg-fare">{formatFare(row.fareSum, row.fareCount)}</span>}
              {averages && <span className="avg" data-testid="avg-duration">{formatDuration(row.durationSum ?? 0, row.flights)}</span>}
              <Sparkline values={row.perMinute} minutes={minutes} label={row.label} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
