import { STOPS_BUCKETS, stopsLabel } from '@flights/schemas/network';
import type { EntityRow } from '@flights/schemas/dashboard';
import { formatCount, formatShare } from '../format.ts';

/** Flights by number of stops, in stops order (a mix, not a ranking), with exact counts and shares. */
export function StopsMix({ rows }: { rows: EntityRow[] }) {
  const counts = STOPS_BUCKETS.map((bucket) => ({
    bucket,
    flights: rows.find((row) => row.key === bucket)?.flights ?? 0,
  }));
  const total = counts.reduce((sum, c) => sum + c.flights, 0);
  return (
    <section className="panel stops" aria-labelledby="stops-title" data-testid="board-stops">
      <h2 id="stops-title">Stops mix</h2>
      {total === 0 ? (
        <p className="empty">No flights with a known path in this range yet.</p>
      ) : (
        <>
          <div className="stops-bar" aria-hidden="true">
            {counts
              .filter((c) => c.flights > 0)
              .map((c) => (
                <span
                  key={c.bucket}
                  className={`stops-${c.bucket === '4+' ? '4' : c.bucket}`}
                  style={{ flexGrow: c.flights }}
                />
              ))}
          </div>
          <ul>
            {counts.map((c) => (
              <li key={c.bucket} data-key={c.bucket} data-flights={c.flights}>
                <span className={`swatch stops-${c.bucket === '4+' ? '4' : c.bucket}`} aria-hidden="true" />
                <span className="name">{stopsLabel(c.bucket)}</span>
                <span className="count">{formatCount(c.flights)}</span>
                <span className="share">{formatShare(c.flights, total)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
