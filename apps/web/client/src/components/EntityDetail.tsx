import { useEffect, useState } from 'react';
import {
  rangeKey,
  type DashboardSnapshot,
  type Dimension,
  type EntityDetailData,
  type RangeRequest,
} from '@flights/schemas/dashboard';
import { formatBucket, formatChange, formatCount, formatFare, formatShare } from '../format.ts';
import { DIMENSION_NAMES, type WatchItem } from '../urlState.ts';
import { Sparkline } from './Sparkline.tsx';

const REFRESH_MS = 5000;
const TOP = 8;

function detailUrl(entity: WatchItem, range: RangeRequest): string {
  const params = new URLSearchParams({ dimension: entity.dimension, key: entity.key });
  if (range.kind === 'relative') params.set('range', range.range);
  else {
    params.set('from', new Date(range.from).toISOString());
    params.set('to', new Date(range.to).toISOString());
  }
  return `/api/entity?${params}`;
}

/** One entity's detail, re-read every few seconds while it is open (a live range changes). */
function useEntityDetail(entity: WatchItem, range: RangeRequest): { data?: EntityDetailData; error?: string } {
  const [state, setState] = useState<{ data?: EntityDetailData; error?: string }>({});
  const url = detailUrl(entity, range);
  useEffect(() => {
    let stopped = false;
    const load = async () => {
      try {
        const response = await fetch(url);
        const body = await response.json();
        if (!stopped)
          setState(
            response.ok ? { data: body as EntityDetailData } : { error: String(body.error ?? response.statusText) },
          );
      } catch (error) {
        if (!stopped) setState((s) => ({ ...s, error: (error as Error).message }));
      }
    };
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [url]);
  return state;
}

interface Props {
  entity: WatchItem;
  range: RangeRequest;
  snapshot: DashboardSnapshot;
  onClose: () => void;
  onOpen: (dimension: Dimension, key: string) => void;
}

/** A carrier, airport, itinerary … over the chosen range: its flights and average fare per bucket, and its own breakdowns. */
export function EntityDetail({ entity, range, snapshot, onClose, onOpen }: Props) {
  const { data, error } = useEntityDetail(entity, range);
  const row = snapshot.dimensions[entity.dimension].find((r) => r.key === entity.key);
  const title = `${DIMENSION_NAMES[entity.dimension]} ${data?.label ?? row?.label ?? entity.key}`;
  const fares = data
    ? data.fareSum.map((sum, i) => (data.fareCount[i] ? Math.round(sum / data.fareCount[i]!) : 0))
    : [];
  const change = row ? formatChange(row.flights, row.previous) : undefined;
  return (
    <section
      className="panel entity-detail"
      aria-labelledby="entity-title"
      data-testid="entity-detail"
      data-entity={`${entity.dimension}:${entity.key}`}
    >
      <header>
        <h2 id="entity-title">{title}</h2>
        <button type="button" className="remove" aria-label="Close the detail" onClick={onClose}>
          ×
        </button>
      </header>
      <dl className="airport-counts">
        <div>
          <dt>Flights</dt>
          <dd data-testid="entity-flights">{formatCount(row?.flights ?? 0)}</dd>
        </div>
        <div>
          <dt>Share</dt>
          <dd>{formatShare(row?.flights ?? 0, snapshot.totals.flights)}</dd>
        </div>
        <div>
          <dt>vs before</dt>
          <dd>{change?.text ?? '–'}</dd>
        </div>
        <div>
          <dt>Average fare</dt>
          <dd data-testid="entity-fare">{formatFare(row?.fareSum ?? 0, row?.fareCount ?? 0)}</dd>
        </div>
      </dl>
      {error && (
        <p className="warn" role="alert">
          {error}
        </p>
      )}
      {data && data.range === rangeKey(range) && (
        <div className="entity-charts">
          <figure>
            <figcaption>
              Flights per {data.resolution}
              {data.usual ? ' (grey: usual for the hour of the week, ± one spread, over the four weeks before)' : ''}
            </figcaption>
            <Sparkline
              usual={data.usual}
              values={data.flights}
              buckets={data.buckets}
              resolution={data.resolution}
              live={data.live}
              label={title}
              height={120}
              detailed
            />
          </figure>
          <figure>
            <figcaption>Average fare per {data.resolution} (₹; 0 where no priced flight)</figcaption>
            <Sparkline
              values={fares}
              buckets={data.buckets}
              resolution={data.resolution}
              live={data.live}
              label={`${title} average fare`}
              height={120}
              detailed
            />
          </figure>
          <p className="muted">
            From {formatBucket(data.buckets[0] ?? 0, data.resolution)}, {data.buckets.length} buckets.
          </p>
        </div>
      )}
      {data && (
        <div className="breakdowns">
          {data.breakdowns.map((b) => (
            <div key={b.id} className="detail-list" data-testid={`breakdown-${b.id}`}>
              <h3>{b.title}</h3>
              {b.rows.length === 0 ? (
                <p className="empty">none</p>
              ) : (
                <ol>
                  {b.rows.slice(0, TOP).map((r) => (
                    <li key={r.key} data-key={r.key}>
                      <button type="button" className="name link" onClick={() => onOpen(b.dimension, r.key)}>
                        {r.label}
                      </button>
                      <span className="count">{formatCount(r.flights)}</span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}
