import type { Server, Socket } from 'socket.io';
import { diffSnapshots, SOCKET_EVENTS, type DashboardSnapshot, type SnapshotDelta } from '@flights/schemas';
import type { WebMetrics } from '../webMetrics.ts';

/** A client that has not acknowledged a message within this long is sent a fresh snapshot next. */
const ACK_TIMEOUT_MS = 10_000;

/** The room of a range's clients that take deltas (the range's own room takes whole snapshots). */
export const deltaRoom = (key: string) => `${key}#deltas`;

/** Per delta client: which range and version it holds, and whether a message to it awaits its ack. */
interface DeltaClient {
  key: string;
  /** The version the client holds (or will once it applies what is in flight); -1: needs a whole snapshot. */
  seq: number;
  inFlight: boolean;
  /** Something newer came while a message was in flight: send the latest when it is acknowledged. */
  pending: boolean;
}

/**
 * Gets each range's snapshots to its clients. Whole snapshots go to the
 * range's room (scripts and older clients). A client that asked for deltas
 * gets, after its first snapshot, only what changed, one message at a time:
 * the next waits for its ack, so a slow client never builds a queue; when
 * it acknowledges, it gets the latest version, as a delta if it holds the
 * one before, else whole. Each delta is computed once per range and version.
 */
export class RangeDelivery {
  private readonly latest = new Map<string, { snapshot: DashboardSnapshot; delta?: SnapshotDelta }>();
  private readonly clients = new WeakMap<Socket, DeltaClient>();
  private readonly io: Server;
  private readonly metrics: WebMetrics;

  constructor(io: Server, metrics: WebMetrics) {
    this.io = io;
    this.metrics = metrics;
  }

  /** A new version of a range, for every client watching it. */
  publish(key: string, snapshot: DashboardSnapshot): void {
    const before = this.latest.get(key)?.snapshot;
    const delta =
      before?.seq !== undefined && snapshot.seq !== undefined
        ? diffSnapshots(before, snapshot, before.seq, snapshot.seq)
        : undefined;
    this.latest.set(key, { snapshot, delta });
    const whole = this.io.sockets.adapter.rooms.get(key)?.size ?? 0;
    if (whole) {
      this.io.to(key).emit(SOCKET_EVENTS.snapshot, snapshot);
      this.metrics.bytesSent.inc({ kind: 'snapshot' }, whole * JSON.stringify(snapshot).length);
    }
    for (const id of this.io.sockets.adapter.rooms.get(deltaRoom(key)) ?? []) {
      const socket = this.io.sockets.sockets.get(id);
      if (socket) this.send(socket);
    }
  }

  /** A client's first snapshot of a range (on subscribe); `deltas`: it takes deltas after it. */
  first(socket: Socket, key: string, snapshot: DashboardSnapshot, deltas: boolean): void {
    if (!this.latest.has(key)) this.latest.set(key, { snapshot });
    if (!deltas) {
      this.clients.delete(socket);
      socket.emit(SOCKET_EVENTS.snapshot, snapshot);
      this.metrics.bytesSent.inc({ kind: 'snapshot' }, JSON.stringify(snapshot).length);
      return;
    }
    const client = { key, seq: -1, inFlight: false, pending: false };
    this.clients.set(socket, client);
    this.send(socket, snapshot);
  }

  private send(socket: Socket, firstSnapshot?: DashboardSnapshot): void {
    const client = this.clients.get(socket);
    const latest = client && this.latest.get(client.key);
    if (!client || !latest) return;
    if (client.inFlight) {
      client.pending = true;
      return;
    }
    const snapshot = firstSnapshot ?? latest.snapshot;
    if (snapshot.seq !== undefined && client.seq === snapshot.seq) return;
    const { delta } = latest;
    const asDelta = !firstSnapshot && delta !== undefined && delta.base === client.seq && delta.seq === snapshot.seq;
    const [event, payload] = asDelta ? [SOCKET_EVENTS.delta, delta] : [SOCKET_EVENTS.snapshot, snapshot];
    client.inFlight = true;
    client.seq = snapshot.seq ?? -1;
    this.metrics.bytesSent.inc({ kind: asDelta ? 'delta' : 'snapshot' }, JSON.stringify(payload).length);
    socket.timeout(ACK_TIMEOUT_MS).emit(event, payload, (error: Error | null) => {
      client.inFlight = false;
      if (error) client.seq = -1;
      if (client.pending || error) {
        client.pending = false;
        if (this.clients.get(socket) === client && socket.connected) this.send(socket);
      }
    });
  }
}
