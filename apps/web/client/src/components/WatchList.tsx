import { memo, useState } from 'react';
import type { DashboardSnapshot, Dimension } from '@flights/schemas/dashboard';
import { formatCount } from '../format.ts';
import { DIMENSION_NAMES, type WatchItem } from '../urlState.ts';
import { Sparkline } from './Sparkline.tsx';

interface Props {
  snapshot: DashboardSnapshot;
  watch: WatchItem[];
  onChange: (watch: WatchItem[]) => void;
}

/** Sparklines for chosen entities; the choice lives in the URL. */
export const WatchList = memo(function WatchList({ snapshot, watch, onChange }: Props) {
  const [dimension, setDimension] = useState<Dimension>('carrier');
  const [key, setKey] = useState('');
  const choices = snapshot.dimensions[dimension].filter(
    (row) => !watch.some((w) => w.dimension === dimension && w.key === row.key),
  );
  const add = () => {
    const chosen = key || choices[0]?.key;
    if (chosen) onChange([...watch, { dimension, key: chosen }]);
    setKey('');
  };
  return (
    <section className="panel watch" aria-labelledby="watch-title">
      <div className="watch-head">
        <h2 id="watch-title">Watch list</h2>
        <div className="picker">
          <label>
            <span className="sr-only">Dimension</span>
            <select
              value={dimension}
              onChange={(e) => {
                setDimension(e.target.value as Dimension);
                setKey('');
              }}
            >
              {(Object.keys(DIMENSION_NAMES) as Dimension[]).map((d) => (
                <option key={d} value={d}>
                  {DIMENSION_NAMES[d]}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span className="sr-only">Entity</span>
            <select value={key} onChange={(e) => setKey(e.target.value)} disabled={choices.length === 0}>
              {choices.length === 0 && <option value="">nothing to add</option>}
              {choices.map((row) => (
                <option key={row.key} value={row.key}>
                  {row.label}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={add} disabled={choices.length === 0}>
            Add
          </button>
        </div>
      </div>
      <div className="watch-grid">
        {watch.map((item) => {
          const row = snapshot.dimensions[item.dimension].find((r) => r.key === item.key);
          const values = row?.series;
          const label = `${DIMENSION_NAMES[item.dimension]} ${row?.label ?? item.key}`;
          return (
            <article
              key={`${item.dimension}:${item.key}`}
              className="watch-card"
              data-testid={`watch-${item.dimension}-${item.key}`}
            >
              <header>
                <span className="watch-label">{label}</span>
                <button
                  type="button"
                  className="remove"
                  aria-label={`Remove ${label}`}
                  onClick={() => onChange(watch.filter((w) => w !== item))}
                >
                  ×
                </button>
              </header>
              <div className="watch-total">
                {formatCount(row?.flights ?? 0)}
                <small> flights</small>
              </div>
              {values ? (
                <Sparkline
                  values={values}
                  buckets={snapshot.buckets}
                  resolution={snapshot.resolution}
                  live={snapshot.live}
                  label={label}
                  height={72}
                  detailed
                />
              ) : (
                <p className="empty">
                  {row
                    ? 'Trend drawn for the ten busiest of each board; open it for the detail.'
                    : 'No flights in this range.'}
                </p>
              )}
            </article>
          );
        })}
        {watch.length === 0 && <p className="empty">Pick a carrier, airport, itinerary or leg to follow it here.</p>}
      </div>
    </section>
  );
});
