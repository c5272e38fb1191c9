import { useEffect, useState } from 'react';
import { DASHBOARD_WINDOWS, type DashboardWindow } from '@flights/schemas/dashboard';
import { HealthStrip } from './components/HealthStrip.tsx';
import { Leaderboard } from './components/Leaderboard.tsx';
import { StatTiles } from './components/StatTiles.tsx';
import { StopsMix } from './components/StopsMix.tsx';
import { WatchList } from './components/WatchList.tsx';
import { AirportDetail } from './map/AirportDetail.tsx';
import { NetworkMap } from './map/NetworkMap.tsx';
import { useDashboard } from './useDashboard.ts';
import { readUrlState, writeUrlState, type WatchItem } from './urlState.ts';

type Theme = 'dark' | 'light';

// The city pairs (flights_by_route) are left off: in the real file they are
// the departures again. The network boards show what the Route column holds.
const BOARDS = [
  { id: 'carrier', title: 'Top carriers' },
  { id: 'hub', title: 'Connection hubs' },
  { id: 'departure', title: 'Busiest departure airports' },
  { id: 'arrival', title: 'Busiest arrival airports' },
  { id: 'leg', title: 'Busiest legs' },
] as const;

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
  const [window, setWindow] = useState<DashboardWindow>(initial.window);
  const [watch, setWatch] = useState<WatchItem[]>(initial.watch);
  const [airport, setAirport] = useState<string | null>(initial.airport);
  const [theme, setTheme] = useState<Theme>(initialTheme);
  const { snapshot, connection } = useDashboard(window);
  const now = useNow();

  useEffect(() => {
    history.replaceState(null, '', writeUrlState({ window, watch, airport }));
  }, [window, watch, airport]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('theme', theme);
  }, [theme]);

  return (
    <div className="app">
      <header className="topbar">
        <h1>
          <span aria-hidden="true">✈</span> Flight Pulse
        </h1>
        <div className="controls">
          <div className="segmented" role="group" aria-label="Time window">
            {(Object.keys(DASHBOARD_WINDOWS) as DashboardWindow[]).map((w) => (
              <button key={w} type="button" aria-pressed={w === window} onClick={() => setWindow(w)}>
                {w}
              </button>
            ))}
          </div>
          <button type="button" className="theme" onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`}>
            {theme === 'dark' ? '☀' : '☾'}
          </button>
        </div>
      </header>
      <HealthStrip health={snapshot?.health} connection={connection} now={now} />
      {connection === 'reconnecting' && (
        <div className="banner" role="alert">
          Connection to the server lost: reconnecting… The numbers below are as of the last update.
        </div>
      )}
      {snapshot ? (
        <main>
          <StatTiles snapshot={snapshot} now={now} />
          <section className="panel network" aria-labelledby="network-title">
            <h2 id="network-title">Network, last {snapshot.window}</h2>
            <div className="network-body">
              <NetworkMap snapshot={snapshot} selected={airport} onSelect={setAirport} />
              {airport ? (
                <AirportDetail snapshot={snapshot} code={airport} onClose={() => setAirport(null)} />
              ) : (
                <Leaderboard id="itinerary" title="Top itineraries" rows={snapshot.dimensions.itinerary} minutes={snapshot.minutes} averages />
              )}
            </div>
          </section>
          <div className="boards">
            {BOARDS.map((board) => (
              <Leaderboard key={board.id} id={board.id} title={board.title} rows={snapshot.dimensions[board.id]} minutes={snapshot.minutes} />
            ))}
            <StopsMix rows={snapshot.dimensions.stops} />
          </div>
          {airport && <Leaderboard id="itinerary" title="Top itineraries" rows={snapshot.dimensions.itinerary} minutes={snapshot.minutes} averages />}
          <WatchList snapshot={snapshot} watch={watch} onChange={setWatch} />
        </main>
      ) : (
        <main className="loading">Loading the last {window}…</main>
      )}
    </div>
  );
}
