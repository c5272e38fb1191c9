import { useEffect, useState } from 'react';
import { io } from 'socket.io-client';
import {
  type DashboardSnapshot,
  type FiringAlert,
  type RangeRequest,
  rangeKey,
  SOCKET_EVENTS,
} from '@flights/schemas/dashboard';
import { applyDelta, type SnapshotDelta } from '@flights/schemas/snapshotDelta';

export type Connection = 'connecting' | 'live' | 'reconnecting';

function subscribeMessage(request: RangeRequest) {
  return request.kind === 'relative'
    ? { range: request.range, deltas: true }
    : { from: new Date(request.from).toISOString(), to: new Date(request.to).toISOString(), deltas: true };
}

type Ack = (() => void) | undefined;

/**
 * The server pushes a full snapshot on subscribe and on every reconnect,
 * then only what changed (deltas), each acknowledged before the next is
 * sent; a refused subscription comes back with why. A delta that does not
 * follow the snapshot held (never expected) asks for the whole one again.
 */
export function useDashboard(request: RangeRequest | null): {
  snapshot: DashboardSnapshot | undefined;
  connection: Connection;
  refused: string | undefined;
  /** What fires now (the server's alert rules); empty without rules. */
  alerts: FiringAlert[];
} {
  const [snapshot, setSnapshot] = useState<DashboardSnapshot>();
  const [connection, setConnection] = useState<Connection>('connecting');
  const [refused, setRefused] = useState<string>();
  const [alerts, setAlerts] = useState<FiringAlert[]>([]);
  const key = request ? rangeKey(request) : null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the range's key, a new object every render
  useEffect(() => {
    if (!request) return undefined;
    setSnapshot(undefined);
    setRefused(undefined);
    const socket = io({ transports: ['websocket'], reconnectionDelay: 500, reconnectionDelayMax: 3000 });
    socket.on('connect', () => {
      setConnection('live');
      socket.emit(SOCKET_EVENTS.subscribe, subscribeMessage(request));
    });
    socket.on('disconnect', () => setConnection('reconnecting'));
    socket.on('connect_error', () =>
      setConnection((state) => (state === 'connecting' ? 'connecting' : 'reconnecting')),
    );
    socket.on(SOCKET_EVENTS.refused, (message: string) => setRefused(String(message)));
    socket.on(SOCKET_EVENTS.alerts, (firing: FiringAlert[]) => setAlerts(Array.isArray(firing) ? firing : []));
    let held: DashboardSnapshot | undefined;
    socket.on(SOCKET_EVENTS.snapshot, (next: DashboardSnapshot, ack: Ack) => {
      if (next.range === key) setSnapshot((held = next));
      ack?.();
    });
    socket.on(SOCKET_EVENTS.delta, (delta: SnapshotDelta, ack: Ack) => {
      if (delta.range === key && held?.seq === delta.base) setSnapshot((held = applyDelta(held, delta)));
      else if (delta.range === key) socket.emit(SOCKET_EVENTS.subscribe, subscribeMessage(request));
      ack?.();
    });
    return () => {
      socket.close();
    };
    // The key names the request: a new object for the same range must not reconnect.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);
  return { snapshot, connection, refused, alerts };
}
