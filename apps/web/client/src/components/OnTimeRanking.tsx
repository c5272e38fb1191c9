import type { DashboardSnapshot, Dimension, EntityRow } from '@flights/schemas/dashboard';
import { formatCount, formatDelay, formatShare } from '../format.ts';

const TOP = 10;
/** Fewer arrivals with a known delay than this share of the range's are too few to rank by a share. */
const MIN_SHARE_OF_KNOWN = 0.01;

/** Arrivals under 15 minutes late, of those with a known delay (A14); undefined without any. */
export function onTimeShare(row: EntityRow): number | undefined {
  const d = row.delays;
  return d && d.arrDelayCount > 0 ? (d.arrDelayCount - d.arrDelayed15) / d.arrDelayCount : undefined;
}

/**
 * The entities least on time, worst first: what an operations desk looks at, in the place of a panel with nothing
 * to say for on-time data (connection hubs, the stops mix, where every flight is non-stop). Ranked among those
 * with at least 1 % of the range's known arrivals, so three late flights of a small airport do not lead it.
 */
export function leastOnTime(rows: readonly EntityRow[]): EntityRow[] {
  const known = rows.reduce((sum, row) => sum + (row.delays?.arrDelayCount ?? 0), 0);
  return rows
    .filter((row) => onTimeShare(row) !== undefined && row.delays!.arrDelayCount >= known * MIN_SHARE_OF_KNOWN)
    .sort((a, b) => onTimeShare(a)! - onTimeShare(b)! || b.flights - a.flights)
    .slice(0, TOP);
}

export function OnTimeRanking({
  id,
  title,
  snapshot,
  onOpen,
}: {
  id: Dimension;
  title: string;
  snapshot: DashboardSnapshot;
  onOpen?: (dimension: Dimension, key: string) => void;
}) {
  const rows = leastOnTime(snapshot.dimensions[id]);
  return (
    <section className="panel board" aria-labelledby={`late-${id}-title`} data-testid={`late-${id}`}>
      <header>
        <h2 id={`late-${id}-title`}>{title}</h2>
      </header>
      {rows.length === 0 ? (
        <p className="empty">No arrivals with a known delay in this range yet.</p>
      ) : (
        <ol>
          <li className="board-row late-row board-head" aria-hidden="true">
            <span />
            <span />
            <span className="count">on time</span>
            <span className="share">arrivals</span>
            <span className="avg">arr delay</span>
          </li>
          {rows.map((row, i) => {
            const d = row.delays!;
            return (
              <li key={row.key} className="board-row late-row" data-key={row.key}>
                <span className="rank">{i + 1}</span>
                {onOpen ? (
                  <button
                    type="button"
                    className="name link"
                    title={`Open ${row.label}`}
                    onClick={() => onOpen(id, row.key)}
                  >
                    {row.label}
                  </button>
                ) : (
                  <span className="name">{row.label}</span>
                )}
                <span className="count" data-testid="late-on-time">
                  {formatShare(d.arrDelayCount - d.arrDelayed15, d.arrDelayCount)}
                </span>
                <span className="share">{formatCount(d.arrDelayCount)}</span>
                <span className="avg">{formatDelay(d.arrDelaySum, d.arrDelayCount)}</span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
