import { memo, type CSSProperties } from 'react';
import type { DashboardSnapshot, Dimension, EntityRow } from '@flights/schemas/dashboard';
import { formatCount, formatChange, formatDelay, formatDuration, formatFare, formatShare } from '../format.ts';
import { downloadCsv } from '../csv.ts';
import { MiniSparkline } from './MiniSparkline.tsx';

interface Props {
  id: Dimension;
  title: string;
  snapshot: DashboardSnapshot;
  /** Adds the exact average duration of each row (itineraries carry duration sums). */
  durations?: boolean;
  /** What an empty board says: "No flights in this range yet." unless the board has its own reason. */
  emptyText?: string;
  onOpen?: (dimension: Dimension, key: string) => void;
  /** Entities of this board with an alert firing now: marked in their row. */
  firing?: ReadonlySet<string>;
}

const TOP = 10;
const NONE: ReadonlySet<string> = new Set();

/**
 * Top 10 with exact counts, their share of all flights in the range, the
 * change against the period of the same length before, the exact average
 * fare, and a sparkline. All sparklines of a board share one y-scale, stated
 * in the header, so rows compare by eye. Columns appear only for what the
 * data has: fares (the fare file), delays and cancellations (on-time files).
 */
export const Leaderboard = memo(function Leaderboard({
  id,
  title,
  snapshot,
  durations = false,
  emptyText,
  onOpen,
  firing = NONE,
}: Props) {
  const rows = snapshot.dimensions[id];
  const top = rows.slice(0, TOP);
  const max = top[0]?.flights ?? 0;
  const yMax = Math.max(1, ...top.flatMap((row) => row.series ?? []));
  const per = snapshot.resolution === 'minute' ? 'min' : 'hour';
  const hasFares = rows.some((row) => row.fareCount > 0);
  const hasDelays = rows.some((row) => row.delays);
  // With the four delay columns the bar gives way first, so names keep their room.
  const columns = [
    '22px',
    durations ? 'minmax(90px, 2fr)' : 'minmax(90px, 1.4fr)',
    hasDelays ? 'minmax(0, 0.5fr)' : 'minmax(30px, 1fr)',
    hasDelays ? '60px' : '52px',
    '46px',
    '58px',
    ...(hasFares ? ['62px'] : []),
    ...(durations ? ['62px'] : []),
    ...(hasDelays ? ['50px', '50px', '42px', '40px'] : []),
    hasDelays ? '84px' : '96px',
  ];
  const style = { '--board-columns': columns.join(' ') } as CSSProperties;
  return (
    <section className="panel leaderboard" style={style} aria-labelledby={`${id}-title`} data-testid={`board-${id}`}>
      <header className="board-title">
        <h2 id={`${id}-title`}>{title}</h2>
        <button
          type="button"
          className="link"
          onClick={() => downloadCsv(id, title, snapshot)}
          aria-label={`Download ${title} as CSV`}
        >
          CSV
        </button>
      </header>
      {top.length === 0 ? (
        <p className="empty">
          {snapshot.totals.flights > 0 && emptyText ? emptyText : 'No flights in this range yet.'}
        </p>
      ) : (
        <ol>
          <li className="board-row board-head" aria-hidden="true">
            <span />
            <span />
            <span className="bar-slot" />
            <span className="count">flights</span>
            <span className="share">share</span>
            <span className="change" title="against the period of the same length before">
              vs prev
            </span>
            {hasFares && (
              <span className="avg" title="exact average fare">
                fare
              </span>
            )}
            {durations && (
              <span className="avg" title="exact average scheduled duration">
                time
              </span>
            )}
            {hasDelays && <DelayHeads />}
            <span className="spark-scale" data-testid={`scale-${id}`}>
              0–{formatCount(yMax)}/{per}
            </span>
          </li>
          {top.map((row, i) => (
            <BoardRow
              key={row.key}
              row={row}
              rank={i + 1}
              max={max}
              yMax={yMax}
              snapshot={snapshot}
              durations={durations}
              hasFares={hasFares}
              hasDelays={hasDelays}
              onOpen={onOpen ? () => onOpen(id, row.key) : undefined}
              firing={firing.has(row.key)}
            />
          ))}
        </ol>
      )}
    </section>
  );
});

interface RowProps {
  row: EntityRow;
  rank: number;
  max: number;
  yMax: number;
  snapshot: DashboardSnapshot;
  durations: boolean;
  hasFares: boolean;
  hasDelays: boolean;
  onOpen: (() => void) | undefined;
  firing: boolean;
}

function DelayHeads() {
  return (
    <>
      <span className="avg" title="exact average departure delay, minutes (negative: early)">
        dep
      </span>
      <span className="avg" title="exact average arrival delay, minutes (negative: early)">
        arr
      </span>
      <span className="avg" title="share of arrivals on time: less than 15 minutes late (the A14 convention)">
        on time
      </span>
      <span className="avg" title="share of flights cancelled">
        cxl
      </span>
    </>
  );
}

function DelayCells({ row }: { row: EntityRow }) {
  const d = row.delays;
  return (
    <>
      <span className="avg" data-testid="avg-dep-delay">
        {d ? formatDelay(d.depDelaySum, d.depDelayCount) : '–'}
      </span>
      <span className="avg" data-testid="avg-arr-delay">
        {d ? formatDelay(d.arrDelaySum, d.arrDelayCount) : '–'}
      </span>
      <span className="avg" data-testid="on-time-share">
        {d ? formatShare(d.arrDelayCount - d.arrDelayed15, d.arrDelayCount) : '–'}
      </span>
      <span className="avg" data-testid="cancelled-share">
        {d ? formatShare(d.cancelled, row.flights) : '–'}
      </span>
    </>
  );
}

function BoardRow({ row, rank, max, yMax, snapshot, durations, hasFares, hasDelays, onOpen, firing }: RowProps) {
  const change = formatChange(row.flights, row.previous);
  return (
    <li
      className={firing ? 'board-row firing' : 'board-row'}
      data-key={row.key}
      data-flights={row.flights}
      data-firing={firing || undefined}
    >
      <span className="rank" title={firing ? 'an alert is firing for this entity' : undefined}>
        {rank}
      </span>
      {onOpen ? (
        <button type="button" className="name link" title={`Open ${row.label}`} onClick={onOpen}>
          {row.label}
        </button>
      ) : (
        <span className="name" title={row.label}>
          {row.label}
        </span>
      )}
      <span className="bar" aria-hidden="true">
        <span style={{ width: `${max ? (row.flights / max) * 100 : 0}%` }} />
      </span>
      <span className="count">{formatCount(row.flights)}</span>
      <span className="share" data-testid="share">
        {formatShare(row.flights, snapshot.totals.flights)}
      </span>
      <span
        className={`change trend-${change.trend}`}
        data-testid="change"
        title={`${formatCount(row.previous)} in the period before`}
      >
        {change.text}
      </span>
      {hasFares && (
        <span className="avg" data-testid="avg-fare">
          {formatFare(row.fareSum, row.fareCount)}
        </span>
      )}
      {durations && (
        <span className="avg" data-testid="avg-duration">
          {formatDuration(row.durationSum ?? 0, row.flights)}
        </span>
      )}
      {hasDelays && <DelayCells row={row} />}
      {row.series ? (
        <MiniSparkline
          values={row.series}
          buckets={snapshot.buckets}
          resolution={snapshot.resolution}
          live={snapshot.live}
          label={row.label}
          yMax={yMax}
        />
      ) : (
        <span className="sparkline" />
      )}
    </li>
  );
}
