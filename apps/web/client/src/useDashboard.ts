import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import { SOCKET_EVENTS, type DashboardSnapshot, type DashboardWindow } from '@flights/schemas/dashboard';

export type Connection = 'connecting' | 'live' | 'reconnecting';

/** The server pushes a full snapshot on connect, on every reconnect and whenever the numbers change. */
export function useDashboard(window: DashboardWindow): { snapshot: DashboardSnapshot | undefined; connection: Connection } {
  const [snapshot, setSnapshot] = useState<DashboardSnapshot>();
  const [connection, setConnection] = useState<Connection>('connecting');
  useEffect(() => {
    const socket = io({ transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 3000 });
    socket.on('connect', () => {
      setConnection('live');
      socket.emit(SOCKET_EVENTS.subscribe, { window });
    });
    socket.on('disconnect', () => setConnection('reconnecting'));
    socket.on('connect_error', () => setConnection((state) => (state === 'connecting' ? 'connecting' : 'reconnecting')));
    socket.on(SOCKET_EVENTS.snapshot, (next: DashboardSnapshot) => {
      if (next.window === window) setSnapshot(next);
    });
    return () => {
      socket.close();
    };
  }, [window]);
  return { snapshot, connection };
}
