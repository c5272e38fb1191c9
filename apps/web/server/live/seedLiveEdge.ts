import { quoteIdent, type InfluxV1Client } from '@flights/influx';
import { INFLUX_RETENTION_POLICY, STREAM_CONDITIONS, TAGS } from '@flights/schemas';
import { boardSpecs } from '../snapshot/rangeQueries.ts';
import { entityKeyOf, type LiveMinutes } from './LiveMinutes.ts';

/**
 * Reads the live window's points from InfluxDB, per writer's stream, into
 * the live edge: what the minutes topic may not hold (it was created or
 * emptied after those minutes were published, or an aggregator published
 * nothing). A record of the same point and stream replaces a seed, so the
 * seed only fills gaps. One statement per board measurement, once per start of the feed.
 */
export async function seedLiveEdge(influx: InfluxV1Client, edge: LiveMinutes, from: number): Promise<number> {
  const specs = boardSpecs();
  const answers = await influx.queryEach(
    specs.map(
      (spec) =>
        `SELECT * FROM ${quoteIdent(INFLUX_RETENTION_POLICY.name)}.${quoteIdent(spec.measurement)} WHERE time >= ${from}ms AND ${STREAM_CONDITIONS.notHistory} GROUP BY *`,
    ),
    { timeoutMs: 60_000 },
  );
  let points = 0;
  specs.forEach((spec, s) => {
    for (const series of answers[s] ?? []) {
      const { [TAGS.stream]: stream, ...tags } = series.tags;
      if (!stream) continue;
      const entity = entityKeyOf(spec.tag ? { [spec.tag]: tags[spec.tag] ?? '' } : {});
      for (const row of series.rows) {
        const fields: Record<string, number> = {};
        for (const field of spec.fields) if (typeof row[field] === 'number') fields[field] = row[field] as number;
        edge.seed(spec.measurement, entity, stream, Number(row.time), fields);
        points += 1;
      }
    }
  });
  return points;
}
