import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket } from 'socket.io-client';
import { percentile, startLivePipeline } from './livePipeline.ts';
import type { Figures } from './results.ts';

/**
 * `clients` socket.io clients on one web server; for each data change, the
 * time from the server generating the snapshot to the last client having it.
 * All clients live in this one process, so their own decoding is included:
 * real browsers each decode on their own machine.
 */
export async function fanout(clients: number, changes: number): Promise<Figures> {
  const live = await startLivePipeline('fanout');
  const arrivals = new Map<number, number[]>();
  let measuring = false;
  const sockets: Socket[] = [];
  try {
    for (let i = 0; i < clients; i += 50) {
      sockets.push(
        ...(await Promise.all(
          Array.from({ length: Math.min(50, clients - i) }, () =>
            live.connect((snapshot, receivedAt) => {
              if (!measuring) return;
              const list = arrivals.get(snapshot.generatedAt) ?? [];
              list.push(receivedAt);
              arrivals.set(snapshot.generatedAt, list);
            }),
          ),
        )),
      );
    }
    console.error(`${sockets.length} clients connected`);
    await sleep(2000);
    measuring = true;
    for (let change = 0; change < changes; change += 1) {
      await live.send(50);
      await sleep(1500);
    }
    await sleep(3000);
    measuring = false;
    const complete = [...arrivals].filter(([, times]) => times.length === clients);
    const last = complete.map(([generatedAt, times]) => Math.max(...times) - generatedAt);
    const all = complete.flatMap(([generatedAt, times]) => times.map((t) => t - generatedAt));
    console.error(
      `fan-out to ${clients} clients over ${complete.length} changes (${arrivals.size - complete.length} reached only some clients): last client p50 ${percentile(last, 50)} ms, p95 ${percentile(last, 95)} ms; any client p50 ${percentile(all, 50)} ms`,
    );
    return {
      fanout_changes: complete.length,
      fanout_incomplete_changes: arrivals.size - complete.length,
      [`fanout_p50_ms_${clients}_clients`]: percentile(last, 50),
      [`fanout_p95_ms_${clients}_clients`]: percentile(last, 95),
    };
  } finally {
    for (const socket of sockets) socket.close();
    await live.stop();
  }
}
