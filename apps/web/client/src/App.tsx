import { useEffect, useState } from 'react';
import { DASHBOARD_WINDOWS, type DashboardWindow } from '@flights/schemas/dashboard';
import { HealthStrip } from './components/HealthStrip.tsx';
import { Leaderboard } from './components/Leaderboard.tsx';
import { StatTiles } from './components/StatTiles.tsx';
import { WatchList } from './components/WatchList.tsx';
import { useDashboard } from './useDashboard.ts';
import { readUrlState, writeUrlState, type WatchItem } from './urlState.ts';

type Theme = 'dark' | 'light';

const BOARDS = [
  { id: 'carrier', title: 'Top carriers' },
  { id: 'departure', title: 'Busiest departure airports' },
  { id: 'arrival', title: 'Busiest arrival airports' },
  { id: 'route', title: 'Busiest routes' },
] as const;

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
  const [theme, setTheme] = useState<Theme>(() => (localStorage.getItem('theme') === 'light' ? 'light' : 'dark'));
  const { snapshot, connection } = useDashboard(window);
  const now = useNow();

  useEffect(() => {
    history.replaceState(null, '', writeUrlState(window, watch));
  }, [window, watch]);
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
          <div className="boards">
            {BOARDS.map((board) => (
              <Leaderboard key={board.id} id={board.id} title={board.title} rows={snapshot.dimensions[board.id]} minutes={snapshot.minutes} />
            ))}
          </div>
          <WatchList snapshot={snapshot} watch={watch} onChange={setWatch} />
        </main>
      ) : (
        <main className="loading">Loading the last {window}…</main>
      )}
    </div>
  );
}
