import { InfluxV1Client } from '@flights/influx';
import { parseFlightEvent, type FlightEvent } from '@flights/schemas';
import { dirtyLines } from '@flights/aggregator/src/influx/dirtyLines.ts';
import { influxSetupStatements } from '@flights/aggregator/src/influx/setupInflux.ts';
import { minuteRetentionMs, rollupRetentionMs } from '@flights/aggregator/src/influx/rollupTarget.ts';
import { PartitionWindows } from '@flights/aggregator/src/window/PartitionWindows.ts';
import type { Figures } from './results.ts';
import { sampleEvents } from './sampleEvents.ts';

/** Events a second the generated backlog was sent at (the replayer's rate): what the minutes' density follows. */
const SENT_PER_S = 25_000;
const PARTITIONS = 6;

/**
 * Where an aggregator's time goes per event, stage by stage, in one Node
 * process on the same machine: JSON (bytes to text to object), validation
 * (the compiled check), windowing (PartitionWindows over six partitions) and
 * writing (the dirty minutes as line protocol into InfluxDB once per second
 * of events, as the flush loop does). Kafka's own decoding is the bare
 * consumers' time per event, measured by the caller in the same run. Each
 * stage runs over all events on its own, so the sum leaves out what the
 * stages cost together (GC pressure, cache misses): the aggregator's real
 * time per event is given beside it.
 */
export async function aggregatorCosts(env: Record<string, string>, rows: number): Promise<Figures> {
  const templates = await sampleEvents();
  const start = Date.now() - Math.ceil(rows / SENT_PER_S) * 1000;
  const values = Array.from({ length: rows }, (_, i) =>
    Buffer.from(
      JSON.stringify({
        ...templates[i % templates.length],
        id: `c${i}`,
        ts: start + Math.floor((i * 1000) / SENT_PER_S),
      }),
    ),
  );

  const text = new TextDecoder();
  let objects: unknown[] = [];
  const jsonUs = timePerEvent(rows, () => {
    objects = values.map((value) => JSON.parse(text.decode(value)));
  });
  let events: FlightEvent[] = [];
  const validateUs = timePerEvent(rows, () => {
    events = objects.map((value) => {
      const parsed = parseFlightEvent(value);
      if (!parsed.ok) throw new Error(`a generated event is invalid: ${parsed.reason}`);
      return parsed.event;
    });
  });
  const windows = Array.from({ length: PARTITIONS }, () => new PartitionWindows(60_000, undefined, { network: true }));
  const windowUs = timePerEvent(rows, () => {
    events.forEach((event, i) => {
      windows[i % PARTITIONS]!.add(event, String(Math.floor(i / PARTITIONS)));
    });
  });

  // Writing: a fresh set of windows, flushed after every second's worth of events, each flush written to InfluxDB.
  const influx = new InfluxV1Client({ url: env.INFLUX_URL!, database: `bench_costs_${Date.now()}` });
  for (const statement of influxSetupStatements(influx.database))
    if (!/CONTINUOUS QUERY/i.test(statement)) await influx.query(statement, { mutate: true });
  const writing = Array.from({ length: PARTITIONS }, () => new PartitionWindows(60_000, undefined, { network: true }));
  let writeMs = 0;
  for (let i = 0; i < rows; i += 1) {
    writing[i % PARTITIONS]!.add(events[i]!, String(Math.floor(i / PARTITIONS)));
    if ((i + 1) % SENT_PER_S !== 0 && i !== rows - 1) continue;
    const began = performance.now();
    const streams = writing.map((w, p) => [`bench/${p}`, w.dirty()] as [string, ReturnType<PartitionWindows['dirty']>]);
    const lines = dirtyLines(streams, {
      now: Date.now(),
      minuteRetentionMs: minuteRetentionMs(),
      rollupRetentionMs: rollupRetentionMs(),
    });
    for (let at = 0; at < lines.minuteLines.length; at += 5000)
      await influx.write(lines.minuteLines.slice(at, at + 5000));
    streams.forEach(([, snapshots], p) => {
      writing[p]!.written(snapshots);
    });
    writeMs += performance.now() - began;
  }
  await influx.query(`DROP DATABASE "${influx.database}"`, { mutate: true }).catch(() => undefined);
  const round = (us: number) => Math.round(us * 100) / 100;
  return {
    aggregator_cost_json_us: round(jsonUs),
    aggregator_cost_validate_us: round(validateUs),
    aggregator_cost_window_us: round(windowUs),
    aggregator_cost_write_us: round((writeMs * 1000) / rows),
  };
}

function timePerEvent(rows: number, stage: () => void): number {
  const began = performance.now();
  stage();
  return ((performance.now() - began) * 1000) / rows;
}
