import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { InfluxV1Client } from '@flights/influx';
import type { DashboardSnapshot } from '@flights/schemas';
import { SnapshotPublisher } from './SnapshotPublisher.ts';

/**
 * Answers every statement with nothing, except the probe of the newest
 * minutes, whose answer is `written`; statements naming the rollups (the
 * long ranges) take `slowMs`. Records when each range's totals were read.
 */
class FakeInflux extends InfluxV1Client {
  written = 0;
  slowMs = 0;
  /** How long a read of the minutes (the live ranges) takes. */
  liveSlowMs = 0;
  readonly reads: { at: number; rollups: boolean }[] = [];
  constructor() {
    super({ url: 'http://unused', database: 'flights' });
  }
  override async queryEach(statements: readonly string[]): Promise<never[][]> {
    if (statements.length === 1 && statements[0]!.includes('count(flights)')) {
      return [[{ name: 'flights_total', tags: {}, rows: [{ time: 0, sum: this.written }] }]] as never[][];
    }
    if (statements.every((s) => s.startsWith('SHOW FIELD KEYS'))) return statements.map(() => []);
    const rollups = statements.some((s) => s.includes('flights_400d'));
    if (statements.some((s) => s.includes('fare_count'))) this.reads.push({ at: Date.now(), rollups });
    if (rollups) await sleep(this.slowMs);
    else if (statements.some((s) => s.includes('fare_count'))) await sleep(this.liveSlowMs);
    return statements.map(() => []);
  }
}

const publishers: SnapshotPublisher[] = [];
afterEach(() => {
  for (const publisher of publishers.splice(0)) publisher.stop();
});

function start(influx: FakeInflux, watched: string[]) {
  const pushed: { key: string; snapshot: DashboardSnapshot }[] = [];
  const publisher = new SnapshotPublisher(
    influx,
    () => ({ aggregatorUp: true, lagMessages: 0, late: 0, invalid: 0 }),
    (key, snapshot) => pushed.push({ key, snapshot }),
    (key) => (watched.includes(key) ? 1 : 0),
  );
  publishers.push(publisher);
  publisher.start();
  return publisher;
}

const liveReads = (influx: FakeInflux, since: number) => influx.reads.filter((r) => !r.rollups && r.at >= since);

describe('SnapshotPublisher', () => {
  it('re-reads the live range as soon as a probe sees a new write, not on the next second', async () => {
    const influx = new FakeInflux();
    start(influx, ['15m']);
    await sleep(1300);
    // Right after a regular read: the next one is a second away, so only the probe can read sooner.
    const count = influx.reads.length;
    while (influx.reads.length === count) await sleep(5);
    const before = Date.now();
    influx.written = 42;
    await sleep(350);
    const next = influx.reads[count + 1];
    expect(next, 'no read within 350 ms of the write').toBeDefined();
    expect(next!.at - before).toBeLessThan(300);
  });

  it('keeps refreshing the live range every second while a 30-day build is slow', async () => {
    const influx = new FakeInflux();
    influx.slowMs = 2500;
    const publisher = start(influx, ['15m', '30d']);
    publisher.watch({ kind: 'relative', range: '30d' });
    await sleep(300);
    const since = Date.now();
    await sleep(2200);
    // A 2.5 s rollup read is running the whole time; the 15 minutes go on at their own pace.
    expect(liveReads(influx, since).length).toBeGreaterThanOrEqual(2);
  });

  it('does not re-read a range back to back when its build is slower than its period: at most half the time', async () => {
    const influx = new FakeInflux();
    influx.liveSlowMs = 600;
    start(influx, ['15m']);
    await sleep(300);
    const since = Date.now();
    // New writes all the time, as during a replay: without the rest, a read would start as each one ended.
    const writer = setInterval(() => {
      influx.written += 1;
    }, 50);
    await sleep(3000);
    clearInterval(writer);
    const starts = liveReads(influx, since).map((r) => r.at);
    expect(starts.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < starts.length; i += 1) expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(1150);
  });
});
