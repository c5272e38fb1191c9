import { quoteIdent } from '@flights/influx';
import { FIELDS, MEASUREMENTS, TAGS } from '@flights/schemas';
import type { PipelineScenario } from '@flights/infra/testing';

/** Flights counted so far per stream (one per partition of the topic). */
async function flightsByStream(influx: PipelineScenario['influx']): Promise<Map<string, number>> {
  const [series] = await influx.queryEach([
    `SELECT sum(${FIELDS.flights}) AS flights FROM ${quoteIdent(MEASUREMENTS.total)} GROUP BY ${quoteIdent(TAGS.stream)}`,
  ]);
  return new Map((series ?? []).map((s) => [s.tags[TAGS.stream] ?? '', Number(s.rows[0]?.flights ?? 0)]));
}

/**
 * How long a fault paused the pipeline, seen from its end: InfluxDB's
 * flights per partition, polled from the replay's start. The longest
 * stretch in which a partition's count did not grow (from the start to its
 * first flights, or between two growths) is the pause, to within a poll; it
 * includes the second or two a healthy pipeline takes to its first write.
 * Per partition, because the others go on while a dead leader's wait.
 */
export function watchProgress(
  influx: PipelineScenario['influx'],
  target: number,
  everyMs = 500,
): { stop(): Promise<number> } {
  let stopped = false;
  let longest = 0;
  const startedAt = Date.now();
  const watching = (async () => {
    const last = new Map<string, { flights: number; grewAt: number }>();
    let total = 0;
    while (!stopped && total < target) {
      const now = Date.now();
      const counts = await flightsByStream(influx).catch(() => new Map<string, number>());
      for (const [stream, flights] of counts) {
        const before = last.get(stream);
        if (before && flights <= before.flights) continue;
        longest = Math.max(longest, now - (before?.grewAt ?? startedAt));
        last.set(stream, { flights, grewAt: now });
      }
      total = [...last.values()].reduce((sum, s) => sum + s.flights, 0);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await watching;
      return longest;
    },
  };
}
