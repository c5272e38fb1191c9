import { Point } from '@influxdata/influxdb-client';
import type { InfluxSeries, InfluxV1Client } from './influxV1Client.ts';
import { quoteIdent } from './influxql.ts';

/** One measurement to roll up: its entity tags (none for a total) and its integer fields, all summed. */
export interface RollupSpec {
  measurement: string;
  tags: readonly string[];
  fields: readonly string[];
}

export interface RollupTarget {
  /** Retention policy of the fine points (the source). */
  source: string;
  /** Retention policy of the rollups, created if missing (not the default). */
  /** Fine points the rollups leave out, as an InfluxQL condition (none when absent). */
  exclude?: string;
  /** Where the rollups go; `shardDuration` sets the policy's shard group duration (InfluxDB's default when absent). */
  target: { name: string; duration: string; shardDuration?: string };
  /** Bucket of the rollup, an InfluxQL duration: "1h". */
  interval: string;
  /** How far back each continuous query run recomputes, so rewritten buckets are re-rolled: "2h". */
  resampleFor: string;
  /** How often each continuous query runs: "1m". */
  resampleEvery: string;
}

/**
 * The SELECT … INTO that rolls `spec` up. Sums only: the rollup of a bucket
 * equals the sum of its fine points exactly, so averages stay exact
 * (sum(fare_sum) / sum(fare_count)). The writers' `stream` tag is summed
 * away; only the entity tags are kept.
 */
export function rollupSelect(
  db: string,
  spec: RollupSpec,
  rollup: Pick<RollupTarget, 'source' | 'target' | 'interval' | 'exclude'>,
  bounds = '',
): string {
  const into = `${quoteIdent(db)}.${quoteIdent(rollup.target.name)}.${quoteIdent(spec.measurement)}`;
  return rollupRead(db, spec, rollup, bounds).replace(
    /^SELECT (.*?) FROM /,
    (_, fields) => `SELECT ${fields} INTO ${into} FROM `,
  );
}

/**
 * The rollup's SELECT without INTO: what a writer reads to write the rollup
 * points itself where continuous queries and SELECT … INTO do not exist
 * (InfluxDB 2.x and 3.x through the v1 API). Then `rollupLines` makes them points.
 */
export function rollupRead(
  db: string,
  spec: RollupSpec,
  rollup: Pick<RollupTarget, 'source' | 'interval' | 'exclude'>,
  bounds = '',
): string {
  const where = [rollup.exclude, bounds].filter(Boolean).join(' AND ');
  const fields = spec.fields.map((field) => `sum(${quoteIdent(field)}) AS ${quoteIdent(field)}`).join(', ');
  const from = `${quoteIdent(db)}.${quoteIdent(rollup.source)}.${quoteIdent(spec.measurement)}`;
  const groupBy = [`time(${rollup.interval})`, ...spec.tags.map(quoteIdent)].join(', ');
  return `SELECT ${fields} FROM ${from}${where ? ` WHERE ${where}` : ''} GROUP BY ${groupBy}`;
}

/**
 * The answer of `rollupRead` as line protocol (ms timestamps), as SELECT …
 * INTO would write it: one point per bucket and tag set, the sums as
 * integers, empty buckets (every sum null) and null sums left out.
 */
export function rollupLines(spec: RollupSpec, series: readonly InfluxSeries[]): string[] {
  const lines: string[] = [];
  for (const { tags, rows } of series) {
    for (const row of rows) {
      const point = new Point(spec.measurement).timestamp(String(row.time));
      for (const tag of spec.tags) if (tags[tag]) point.tag(tag, tags[tag]);
      let fields = 0;
      for (const field of spec.fields) {
        const value = row[field];
        if (typeof value !== 'number') continue;
        point.intField(field, value);
        fields += 1;
      }
      if (fields > 0) lines.push(point.toLineProtocol({ convertTime: String })!);
    }
  }
  return lines;
}

/** FNV-1a of the field list (and the exclusion, when there is one), 8 hex digits: names a definition without spelling every field. */
function fieldsTag(fields: readonly string[], exclude?: string): string {
  let hash = 0x811c9dc5;
  for (const char of fields.join(',') + (exclude ? ` WHERE ${exclude}` : ''))
    hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
  return hash.toString(16).padStart(8, '0');
}

/**
 * The continuous query's name: the interval, the schedule, the fields and
 * the exclusion are in it, so a changed definition (a field added) gets a new name, and the
 * old query is dropped when the new one is created.
 */
export function continuousQueryName(
  spec: RollupSpec,
  rollup: Pick<RollupTarget, 'interval' | 'resampleFor' | 'resampleEvery' | 'exclude'>,
): string {
  return `rollup_${spec.measurement}_${rollup.interval}_every_${rollup.resampleEvery}_for_${rollup.resampleFor}_f${fieldsTag(spec.fields, rollup.exclude)}`;
}

export function continuousQueryStatement(db: string, spec: RollupSpec, rollup: RollupTarget): string {
  return (
    `CREATE CONTINUOUS QUERY ${quoteIdent(continuousQueryName(spec, rollup))} ON ${quoteIdent(db)} ` +
    `RESAMPLE EVERY ${rollup.resampleEvery} FOR ${rollup.resampleFor} BEGIN ${rollupSelect(db, spec, rollup)} END`
  );
}

/** Recomputes the rollups of [from, to) (bucket-aligned epoch ms) from the fine points: history the continuous queries never saw. */
export function backfillStatements(
  db: string,
  specs: readonly RollupSpec[],
  rollup: RollupTarget,
  from: number,
  to: number,
): string[] {
  return specs.map((spec) => rollupSelect(db, spec, rollup, `time >= ${from}ms AND time < ${to}ms`));
}

/**
 * Creates the rollup retention policy and one continuous query per
 * measurement, and drops this project's continuous queries of an older
 * definition. Idempotent, and safe when several writers start at once
 * ("already exists" is success). Returns the names it created.
 */
export async function ensureRollups(
  client: InfluxV1Client,
  specs: readonly RollupSpec[],
  rollup: RollupTarget,
): Promise<string[]> {
  const db = quoteIdent(client.database);
  const policies = (await client.query(`SHOW RETENTION POLICIES ON ${db}`)).flatMap((s) => s.rows);
  const verb = policies.some((row) => row.name === rollup.target.name) ? 'ALTER' : 'CREATE';
  const shards = rollup.target.shardDuration ? ` SHARD DURATION ${rollup.target.shardDuration}` : '';
  await client.query(
    `${verb} RETENTION POLICY ${quoteIdent(rollup.target.name)} ON ${db} DURATION ${rollup.target.duration} REPLICATION 1${shards}`,
    { mutate: true },
  );

  const existing = (await client.query('SHOW CONTINUOUS QUERIES'))
    .filter((series) => series.name === client.database)
    .flatMap((series) => series.rows.map((row) => String(row.name)));
  const wanted = new Map(specs.map((spec) => [continuousQueryName(spec, rollup), spec]));
  for (const name of existing) {
    if (name.startsWith('rollup_') && !wanted.has(name))
      await client.query(`DROP CONTINUOUS QUERY ${quoteIdent(name)} ON ${db}`, { mutate: true });
  }
  const created: string[] = [];
  for (const [name, spec] of wanted) {
    if (existing.includes(name)) continue;
    try {
      await client.query(continuousQueryStatement(client.database, spec, rollup), { mutate: true });
      created.push(name);
    } catch (error) {
      if (!/already exists/i.test((error as Error).message)) throw error;
    }
  }
  return created;
}

/**
 * The InfluxQL an admin runs once when the writer's user may not (a 403 on
 * CREATE): the database with its default policy, the rollup policy and the
 * continuous queries. What ensureDatabase and ensureRollups do, as text.
 */
export function setupStatements(
  db: string,
  minutes: { name: string; duration: string },
  specs: readonly RollupSpec[],
  rollup: RollupTarget,
): string[] {
  const shards = rollup.target.shardDuration ? ` SHARD DURATION ${rollup.target.shardDuration}` : '';
  return [
    `CREATE DATABASE ${quoteIdent(db)}`,
    `CREATE RETENTION POLICY ${quoteIdent(minutes.name)} ON ${quoteIdent(db)} DURATION ${minutes.duration} REPLICATION 1 DEFAULT`,
    `CREATE RETENTION POLICY ${quoteIdent(rollup.target.name)} ON ${quoteIdent(db)} DURATION ${rollup.target.duration} REPLICATION 1${shards}`,
    ...specs.map((spec) => continuousQueryStatement(db, spec, rollup)),
  ];
}
