import type { DashboardSnapshot, EntityRow } from '@flights/schemas/dashboard';
import { formatCount } from '../format.ts';
import { networkLayout } from './networkLayout.ts';

const TOP = 6;

function RowList({ title, rows, testId }: { title: string; rows: EntityRow[]; testId: string }) {
  return (
    <div className="detail-list" data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="empty">none in this range</p>
      ) : (
        <ol>
          {rows.slice(0, TOP).map((row) => (
            <li key={row.key} data-key={row.key}>
              <span className="name">{row.label}</span>
              <span className="count">{formatCount(row.flights)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** What the map's selected airport did in the range: its counts, its busiest legs out and in, the itineraries through it. */
export function AirportDetail({
  snapshot,
  code,
  onClose,
}: {
  snapshot: DashboardSnapshot;
  code: string;
  onClose: () => void;
}) {
  const airport = networkLayout(snapshot).airports.find((a) => a.code === code);
  const { leg, itinerary } = snapshot.dimensions;
  const legsOut = leg.filter((row) => row.key.startsWith(`${code}-`));
  const legsIn = leg.filter((row) => row.key.endsWith(`-${code}`));
  const through = itinerary.filter((row) => row.key.split('-').slice(1, -1).includes(code));
  return (
    <section
      className="airport-detail"
      aria-labelledby="airport-detail-title"
      data-testid="airport-detail"
      data-airport={code}
    >
      <header>
        <h2 id="airport-detail-title">{airport?.label ?? code}</h2>
        <button type="button" className="remove" aria-label="Close the airport detail" onClick={onClose}>
          ×
        </button>
      </header>
      <dl className="airport-counts">
        <div>
          <dt>Departures</dt>
          <dd>{formatCount(airport?.departures ?? 0)}</dd>
        </div>
        <div>
          <dt>Arrivals</dt>
          <dd>{formatCount(airport?.arrivals ?? 0)}</dd>
        </div>
        <div>
          <dt>Connections</dt>
          <dd>{formatCount(airport?.connections ?? 0)}</dd>
        </div>
      </dl>
      <RowList title="Busiest legs out" rows={legsOut} testId="detail-legs-out" />
      <RowList title="Busiest legs in" rows={legsIn} testId="detail-legs-in" />
      <RowList title="Itineraries connecting here" rows={through} testId="detail-through" />
    </section>
  );
}
