import type { DashboardSnapshot, Dimension, EntityRow } from '@flights/schemas/dashboard';
import { formatCount, formatShare } from '../format.ts';
import { onTimeShare } from './OnTimeRanking.tsx';

const TOP = 10;
/** An entity is ranked only with at least this share of the known arrivals in both periods (as leastOnTime does). */
const MIN_SHARE_OF_KNOWN = 0.01;
/** Where worsening is looked for: the carriers and the airports flights leave from. */
const WATCHED: readonly Dimension[] = ['carrier', 'departure'];

export interface Worsening {
  dimension: Dimension;
  row: EntityRow;
  /** Arrival on-time shares (A14: under 15 minutes late), this range and the period of the same length before. */
  now: number;
  before: number;
}

const previousShare = (row: EntityRow) => {
  const p = row.previousArrivals;
  return p && p.known > 0 ? (p.known - p.late) / p.known : undefined;
};

/**
 * The carriers and airports whose arrivals got less on time than in the
 * period before, the biggest drop first (ties: the busier first). Only
 * entities with 1 % of each period's known arrivals, so a handful of late
 * flights of a small airport do not lead it.
 */
export function worsening(snapshot: DashboardSnapshot): Worsening[] {
  const out: Worsening[] = [];
  for (const dimension of WATCHED) {
    const rows = snapshot.dimensions[dimension];
    const known = rows.reduce((sum, row) => sum + (row.delays?.arrDelayCount ?? 0), 0);
    const knownBefore = rows.reduce((sum, row) => sum + (row.previousArrivals?.known ?? 0), 0);
    for (const row of rows) {
      const [now, before] = [onTimeShare(row), previousShare(row)];
      if (now === undefined || before === undefined || now >= before) continue;
      if (row.delays!.arrDelayCount < known * MIN_SHARE_OF_KNOWN) continue;
      if (row.previousArrivals!.known < knownBefore * MIN_SHARE_OF_KNOWN) continue;
      out.push({ dimension, row, now, before });
    }
  }
  return out.sort((a, b) => a.now - a.before - (b.now - b.before) || b.row.flights - a.row.flights).slice(0, TOP);
}

const points = (drop: number) => `−${(Math.abs(drop) * 100).toFixed(1)} pts`;

/** "Getting worse": on-time data's answer to "what changed?", beside the least on time. */
export function WorseningPanel({
  snapshot,
  onOpen,
}: {
  snapshot: DashboardSnapshot;
  onOpen?: (dimension: Dimension, key: string) => void;
}) {
  const rows = worsening(snapshot);
  return (
    <section className="panel board" aria-labelledby="worse-title" data-testid="worsening">
      <header>
        <h2 id="worse-title">Getting worse: arrivals on time vs the period before</h2>
      </header>
      {rows.length === 0 ? (
        <p className="empty">No carrier or airport is less on time than in the period before.</p>
      ) : (
        <ol>
          <li className="board-row worse-row board-head" aria-hidden="true">
            <span />
            <span />
            <span className="count">now</span>
            <span className="share">before</span>
            <span className="avg">change</span>
          </li>
          {rows.map(({ dimension, row, now, before }, i) => {
            const label = `${dimension === 'carrier' ? '' : 'from '}${row.label}`;
            const d = row.delays!;
            const p = row.previousArrivals!;
            return (
              <li key={`${dimension}:${row.key}`} className="board-row worse-row" data-key={`${dimension}:${row.key}`}>
                <span className="rank">{i + 1}</span>
                <button
                  type="button"
                  className="name link"
                  title={`Open ${label}: ${formatCount(d.arrDelayCount)} arrivals now, ${formatCount(p.known)} before`}
                  onClick={() => onOpen?.(dimension, row.key)}
                >
                  {label}
                </button>
                <span className="count" data-testid="worse-now">
                  {formatShare(d.arrDelayCount - d.arrDelayed15, d.arrDelayCount)}
                </span>
                <span className="share" data-testid="worse-before">
                  {formatShare(p.known - p.late, p.known)}
                </span>
                <span className="drop" data-testid="worse-change">
                  {points(now - before)}
                </span>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
