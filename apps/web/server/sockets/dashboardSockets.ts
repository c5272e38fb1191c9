import type { Server, Socket } from 'socket.io';
import { z } from 'zod';
import {
  DEFAULT_RANGE,
  parseAbsolute,
  RELATIVE_RANGES,
  SOCKET_EVENTS,
  type DashboardSnapshot,
  type RangeRequest,
  type RelativeRange,
} from '@flights/schemas';
import { BusyError } from '../limits/ConcurrencyLimit.ts';
import { MessageBudget } from '../MessageBudget.ts';
import type { SnapshotPublisher } from '../SnapshotPublisher.ts';
import type { WebMetrics } from '../webMetrics.ts';
import { deltaRoom, type RangeDelivery } from './RangeDelivery.ts';

/** The only message a browser may send: a relative range, or an absolute one as ISO 8601; anything else is refused. */
const SubscribeMessage = z.union([
  z
    .object({
      range: z.enum(Object.keys(RELATIVE_RANGES) as [RelativeRange, ...RelativeRange[]]),
      deltas: z.boolean().optional(),
    })
    .strict(),
  z.object({ from: z.string().max(40), to: z.string().max(40), deltas: z.boolean().optional() }).strict(),
]);

type Subscription = { ok: true; request: RangeRequest; deltas: boolean } | { ok: false; message: string };

function rangeRequest(message: unknown): Subscription {
  const parsed = SubscribeMessage.safeParse(message);
  if (!parsed.success) {
    const ranges = Object.keys(RELATIVE_RANGES)
      .map((r) => `"${r}"`)
      .join(' | ');
    return { ok: false, message: `expected { range: ${ranges} } or { from, to } in ISO 8601` };
  }
  const deltas = parsed.data.deltas === true;
  if ('range' in parsed.data) return { ok: true, request: { kind: 'relative', range: parsed.data.range }, deltas };
  const absolute = parseAbsolute(parsed.data.from, parsed.data.to);
  return absolute.ok ? { ...absolute, deltas } : absolute;
}

/** Every incoming message: within the socket's budget, and a known event; a flood ends the connection. */
function guardMessages(socket: Socket, metrics: WebMetrics): void {
  const budget = new MessageBudget();
  socket.use(([event], next) => {
    if (!budget.take()) {
      metrics.refused.inc({ reason: 'flood' });
      socket.emit(
        SOCKET_EVENTS.refused,
        `more than ${budget.burst} messages at once or ${budget.perSecond} a second: disconnected`,
      );
      socket.disconnect(true);
      return;
    }
    if (event !== SOCKET_EVENTS.subscribe) {
      metrics.refused.inc({ reason: 'unknown event' });
      socket.emit(
        SOCKET_EVENTS.refused,
        `unknown message "${String(event).slice(0, 40)}": the only message is "${SOCKET_EVENTS.subscribe}"`,
      );
      return;
    }
    next();
  });
}

/** One browser: subscribed to the default range at once, then to whatever range it asks for, one at a time. */
function serveSocket(socket: Socket, publisher: SnapshotPublisher, delivery: RangeDelivery, metrics: WebMetrics): void {
  metrics.clients.inc();
  socket.once('disconnect', () => metrics.clients.dec());
  guardMessages(socket, metrics);
  let joined: string | undefined;
  // The server subscribes a new socket to the default range and the browser then asks for its own: when
  // that is the same range, the snapshot it already has is not sent (and drawn) a second time.
  let lastSent: DashboardSnapshot | undefined;
  const subscribe = async (request: RangeRequest, deltas: boolean) => {
    const key = publisher.watch(request);
    const room = deltas ? deltaRoom(key) : key;
    if (joined && joined !== room) await socket.leave(joined);
    const again = joined === room;
    joined = room;
    await socket.join(room);
    const snapshot = await publisher.current(request);
    if ((again && snapshot === lastSent) || joined !== room) return;
    lastSent = snapshot;
    delivery.first(socket, key, snapshot, deltas);
  };
  socket.on(SOCKET_EVENTS.subscribe, (message: unknown) => {
    const parsed = rangeRequest(message);
    if (!parsed.ok) {
      metrics.refused.inc({ reason: 'invalid range' });
      socket.emit(SOCKET_EVENTS.refused, parsed.message);
      return;
    }
    subscribe(parsed.request, parsed.deltas).catch((error) => {
      if (error instanceof BusyError) metrics.refused.inc({ reason: 'busy' });
      socket.emit(SOCKET_EVENTS.refused, (error as Error).message);
    });
  });
  subscribe({ kind: 'relative', range: DEFAULT_RANGE }, false).catch(() => undefined);
}

/** The dashboard's websocket: each connected browser gets its range's snapshots, pushed by the publisher to its room. */
export function serveDashboardSockets(
  io: Server,
  publisher: SnapshotPublisher,
  delivery: RangeDelivery,
  metrics: WebMetrics,
): void {
  io.on('connection', (socket) => serveSocket(socket, publisher, delivery, metrics));
}
