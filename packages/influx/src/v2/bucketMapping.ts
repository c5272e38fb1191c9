import { InfluxError } from '../influxError.ts';
import type { InfluxV1Client } from '../influxV1Client.ts';

/** A retention policy as the project names it, with its InfluxQL durations ("30d"). */
export interface PolicySpec {
  name: string;
  duration: string;
  shardDuration?: string;
  /** The database's default policy: writes and queries that name none go here. */
  default?: boolean;
}

/** 2.x's name for the bucket behind a database and policy, as its own v1 tooling names them. */
export function bucketName(database: string, policy: string): string {
  return `${database}/${policy}`;
}

/** "30d", "1h" as seconds (the InfluxQL units a policy uses here: d, h, m, w). */
export function durationSeconds(duration: string): number {
  const match = /^(\d+)([mhdw])$/.exec(duration);
  if (!match) throw new Error(`cannot read the duration "${duration}"`);
  const unit = { m: 60, h: 3600, d: 86_400, w: 604_800 }[match[2] as 'm' | 'h' | 'd' | 'w'];
  return Number(match[1]) * unit;
}

interface Bucket {
  id: string;
  name: string;
}

/** The organization the token acts in: the only one it sees. */
export async function tokenOrganization(client: InfluxV1Client): Promise<{ id: string; name: string }> {
  const { orgs } = await client.apiV2<{ orgs: { id: string; name: string }[] }>('GET', '/api/v2/orgs');
  // A token scoped to some buckets sees no organization: it may write, not create (a 403 the caller knows).
  if (orgs.length === 0)
    throw new InfluxError(
      'InfluxDB 2.x: this token may not read its organization, so it may not create buckets',
      403,
      false,
    );
  if (orgs.length > 1)
    throw new InfluxError(
      `the InfluxDB token sees ${orgs.length} organizations; use a token of the one organization to write in`,
      400,
      false,
    );
  return orgs[0]!;
}

/** "Already exists" from a writer that started at the same time is success: look again. */
function isConflict(error: unknown): boolean {
  return error instanceof InfluxError && (error.status === 409 || error.status === 422);
}

async function ensureBucket(client: InfluxV1Client, orgID: string, name: string, policy: PolicySpec): Promise<Bucket> {
  // Asked by name, 2.8 answers 404 rather than an empty list when there is none.
  const find = () =>
    client
      .apiV2<{ buckets: Bucket[] }>('GET', `/api/v2/buckets?${new URLSearchParams({ orgID, name })}`)
      .then((answer) => answer.buckets[0])
      .catch((error: unknown) => {
        if (error instanceof InfluxError && error.status === 404) return undefined;
        throw error;
      });
  const found = await find();
  if (found) return found;
  const retentionRules = [
    {
      type: 'expire',
      everySeconds: durationSeconds(policy.duration),
      ...(policy.shardDuration ? { shardGroupDurationSeconds: durationSeconds(policy.shardDuration) } : {}),
    },
  ];
  try {
    return await client.apiV2<Bucket>('POST', '/api/v2/buckets', { orgID, name, retentionRules });
  } catch (error) {
    const raced = isConflict(error) ? await find() : undefined;
    if (raced) return raced;
    throw error;
  }
}

/**
 * What `CREATE DATABASE` and `CREATE RETENTION POLICY` are on 1.x, on 2.x:
 * a bucket `<database>/<policy>` per policy, and a DBRP mapping that lets
 * the v1 API's `db` and `rp` (and `"db"."rp"."measurement"` in InfluxQL)
 * reach it. Idempotent; returns the buckets it created.
 */
export async function ensureBucketMappings(client: InfluxV1Client, policies: readonly PolicySpec[]): Promise<string[]> {
  const org = await tokenOrganization(client);
  const created: string[] = [];
  for (const policy of policies) {
    const name = bucketName(client.database, policy.name);
    const bucket = await ensureBucket(client, org.id, name, policy);
    const query = new URLSearchParams({ orgID: org.id, db: client.database, rp: policy.name });
    // 2.x answers a bucket named `db/rp` with a virtual mapping, never the default: a real one is made all the same.
    const { content } = await client.apiV2<{ content: { virtual?: boolean }[] }>('GET', `/api/v2/dbrps?${query}`);
    if (content.some((mapping) => !mapping.virtual)) continue;
    const mapping = {
      orgID: org.id,
      bucketID: bucket.id,
      database: client.database,
      retention_policy: policy.name,
      default: policy.default ?? false,
    };
    await client.apiV2('POST', '/api/v2/dbrps', mapping).catch((error: unknown) => {
      if (!isConflict(error)) throw error;
    });
    created.push(name);
  }
  return created;
}
