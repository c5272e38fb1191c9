import { describe, expect, it } from 'vitest';
import { InfluxV1Client } from '@flights/influx';
import { HourRoller, hourRuns } from './HourRoller.ts';

const NOW = Date.UTC(2026, 10, 26, 12, 30);
const rollup = {
  source: 'flights_30d',
  target: { name: 'flights_400d', duration: '400d' },
  interval: '1h',
  resampleEvery: '1m',
  resampleFor: '2h',
};

/** Records the statements instead of sending them; the rest of the client is never reached. */
class RecordingClient extends InfluxV1Client {
  readonly statements: string[] = [];
  fail = false;
  /** Fail from this request on (0-based), as a timeout in the middle of a long re-roll. */
  failFrom = Infinity;
  override async query(influxql: string): Promise<never[]> {
    if (this.fail || this.statements.length >= this.failFrom) throw new Error('InfluxDB down');
    this.statements.push(influxql);
    return [];
  }
}

describe('HourRoller', () => {
  it('leaves recent hours to the continuous queries and re-rolls each older hour written, not the span between them', async () => {
    const client = new RecordingClient({ url: 'http://unused', database: 'flights' });
    const roller = new HourRoller(client, [{ measurement: 'flights_total', tags: [], fields: ['flights'] }], rollup);
    roller.noteWritten([NOW - 10 * 60_000, Date.UTC(2026, 10, 26, 11, 5)], NOW);
    expect(roller.hasPending).toBe(false);
    roller.noteWritten(
      [Date.UTC(2026, 10, 20, 8, 59), Date.UTC(2026, 10, 22, 3, 0), Date.UTC(2026, 10, 26, 10, 59)],
      NOW,
    );
    roller.noteWritten([Date.UTC(2026, 10, 22, 4, 10)], NOW);
    expect(await roller.rollPending()).toEqual([
      { from: Date.UTC(2026, 10, 20, 8), to: Date.UTC(2026, 10, 20, 9) },
      { from: Date.UTC(2026, 10, 22, 3), to: Date.UTC(2026, 10, 22, 5) },
      { from: Date.UTC(2026, 10, 26, 10), to: Date.UTC(2026, 10, 26, 11) },
    ]);
    expect(client.statements[0]).toContain(
      `time >= ${Date.UTC(2026, 10, 20, 8)}ms AND time < ${Date.UTC(2026, 10, 20, 9)}ms`,
    );
    expect(client.statements[1]).toContain(
      `time >= ${Date.UTC(2026, 10, 22, 3)}ms AND time < ${Date.UTC(2026, 10, 22, 5)}ms`,
    );
    expect(client.statements).toHaveLength(3);
    expect(roller.hasPending).toBe(false);
  });

  it('re-rolls the total after every entity measurement', async () => {
    const client = new RecordingClient({ url: 'http://unused', database: 'flights' });
    const specs = [
      { measurement: 'flights_total', tags: [], fields: ['flights'] },
      { measurement: 'flights_by_carrier', tags: ['carrier'], fields: ['flights'] },
    ];
    const roller = new HourRoller(client, specs, rollup);
    roller.noteWritten([Date.UTC(2026, 10, 1)], NOW);
    await roller.rollPending();
    const statements = client.statements[0]!.split('; ');
    expect(statements[0]).toContain('INTO "flights"."flights_400d"."flights_by_carrier"');
    expect(statements[1]).toContain('INTO "flights"."flights_400d"."flights_total"');
  });

  it('splits long runs so each request re-rolls a bounded span, and bridges short gaps', () => {
    const start = Date.UTC(2026, 10, 1);
    const hours = Array.from({ length: 14 }, (_, i) => start + i * 3_600_000);
    expect(hourRuns(hours, 6).map((run) => (run.to - run.from) / 3_600_000)).toEqual([6, 6, 2]);
    const gapped = [start, start + 3 * 3_600_000, start + 20 * 3_600_000];
    expect(hourRuns(gapped, 24, 6)).toEqual([
      { from: start, to: start + 4 * 3_600_000 },
      { from: start + 20 * 3_600_000, to: start + 21 * 3_600_000 },
    ]);
  });

  it('keeps the span pending when InfluxDB refuses, so the commit waits', async () => {
    const client = new RecordingClient({ url: 'http://unused', database: 'flights' });
    const roller = new HourRoller(client, [{ measurement: 'flights_total', tags: [], fields: ['flights'] }], rollup);
    roller.noteWritten([Date.UTC(2026, 10, 1)], NOW);
    client.fail = true;
    await expect(roller.rollPending()).rejects.toThrow('InfluxDB down');
    expect(roller.hasPending).toBe(true);
    client.fail = false;
    await roller.rollPending();
    expect(roller.hasPending).toBe(false);
  });

  it('after a failure retries only the run that failed and those after it, not the runs already rolled', async () => {
    const client = new RecordingClient({ url: 'http://unused', database: 'flights' });
    const roller = new HourRoller(client, [{ measurement: 'flights_total', tags: [], fields: ['flights'] }], rollup);
    // Three days apart: three runs.
    roller.noteWritten([Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 4), Date.UTC(2026, 10, 7)], NOW);
    client.failFrom = 1;
    await expect(roller.rollPending()).rejects.toThrow('InfluxDB down');
    client.failFrom = Infinity;
    await roller.rollPending();
    expect(client.statements.map((statement) => /time >= (\d+)ms/.exec(statement)![1])).toEqual(
      [Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 4), Date.UTC(2026, 10, 7)].map(String),
    );
  });

  it('without continuous queries (2.x) re-rolls every hour written, the current one too, by reading sums and writing them', async () => {
    const writes: { lines: readonly string[]; policy?: string }[] = [];
    class SummingClient extends RecordingClient {
      override async query(influxql: string): Promise<never[]> {
        this.statements.push(influxql);
        const sums = {
          name: 'flights_by_carrier',
          tags: { carrier: 'IndiGo' },
          rows: [{ time: NOW - 1800_000, flights: 7 }],
        };
        return [sums] as never[];
      }
      override async write(lines: readonly string[], policy?: string): Promise<void> {
        writes.push({ lines, policy });
      }
    }
    const client = new SummingClient({ url: 'http://unused', database: 'flights' });
    const specs = [{ measurement: 'flights_by_carrier', tags: ['carrier'], fields: ['flights'] }];
    const roller = new HourRoller(client, specs, rollup, 'aggregator');
    roller.noteWritten([NOW - 60_000], NOW);
    expect(roller.hasPending).toBe(true);
    await roller.rollPending();
    expect(client.statements[0]).not.toContain('INTO');
    expect(writes).toEqual([
      { lines: [`flights_by_carrier,carrier=IndiGo flights=7i ${NOW - 1800_000}`], policy: 'flights_400d' },
    ]);
  });
});
