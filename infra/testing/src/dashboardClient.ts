import { io, type Socket } from 'socket.io-client';
import { applyDelta, SOCKET_EVENTS, type DashboardSnapshot, type SnapshotDelta } from '@flights/schemas';

export interface DashboardClient {
  socket: Socket;
  /** The snapshot the client holds now (after every delta applied). */
  current(): DashboardSnapshot | undefined;
  /** Bytes of the messages received (their JSON), by kind. */
  bytes: { snapshot: number; delta: number };
  /** Resolves with the first state that satisfies `done` (the current one included). */
  until(done: (snapshot: DashboardSnapshot) => boolean, timeoutMs?: number): Promise<DashboardSnapshot>;
  close(): void;
}

/**
 * A dashboard client in Node, as the browser's: subscribes with deltas,
 * applies each to the snapshot it holds and acknowledges it. `onState` sees
 * every state the page would draw, with when it arrived.
 */
export async function connectDashboard(
  url: string,
  subscribe: object,
  onState: (snapshot: DashboardSnapshot, receivedAt: number) => void = () => undefined,
): Promise<DashboardClient> {
  const socket = io(url, { transports: ['websocket'], reconnection: false });
  let held: DashboardSnapshot | undefined;
  const bytes = { snapshot: 0, delta: 0 };
  const waiters = new Set<() => void>();
  const show = (next: DashboardSnapshot) => {
    held = next;
    onState(next, Date.now());
    for (const waiter of waiters) waiter();
  };
  const message = { ...subscribe, deltas: true };
  const range = (subscribe as { range?: string }).range;
  socket.on(SOCKET_EVENTS.snapshot, (snapshot: DashboardSnapshot, ack?: () => void) => {
    bytes.snapshot += JSON.stringify(snapshot).length;
    if (!range || snapshot.range === range) show(snapshot);
    ack?.();
  });
  socket.on(SOCKET_EVENTS.delta, (delta: SnapshotDelta, ack?: () => void) => {
    bytes.delta += JSON.stringify(delta).length;
    if (held && held.seq === delta.base && held.range === delta.range) show(applyDelta(held, delta));
    else socket.emit(SOCKET_EVENTS.subscribe, message);
    ack?.();
  });
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
  socket.emit(SOCKET_EVENTS.subscribe, message);
  return {
    socket,
    bytes,
    current: () => held,
    until(done, timeoutMs = 90_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!held || !done(held)) return;
          finish();
          resolve(held);
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`no matching dashboard state in ${timeoutMs} ms; last total ${held?.totals.flights}`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => socket.close(),
  };
}
