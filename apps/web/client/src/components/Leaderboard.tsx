import type { EntityRow } from '@flights/schemas/dashboard';
import { formatCount } from '../format.ts';
import { Sparkline } from './Sparkline.tsx';

interface Props {
  id: string;
  title: string;
  rows: EntityRow[];
  minutes: number[];
}

const TOP = 10;

/** Top 10 as horizontal bars with exact counts; each row has its own per-minute sparkline. */
export function Leaderboard({ id, title, rows, minutes }: Props) {
  const top = rows.slice(0, TOP);
  const max = top[0]?.flights ?? 0;
  return (
    <section className="panel leaderboard" aria-labelledby={`${id}-title`} data-testid={`board-${id}`}>
      <h2 id={`${id}-title`}>{title}</h2>
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
              <Sparkline values={row.perMinute} minutes={minutes} label={row.label} />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
