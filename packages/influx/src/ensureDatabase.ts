import type { InfluxV1Client } from './influxV1Client.ts';
import { quoteIdent } from './influxql.ts';
import { ensureBucketMappings } from './v2/bucketMapping.ts';

/**
 * Creates the database and makes `policy` its default retention policy
 * (on 2.x: its bucket and the default DBRP mapping to it).
 * Idempotent, so every writer may call it on start-up.
 */
export async function ensureDatabase(
  client: InfluxV1Client,
  policy: { name: string; duration: string },
): Promise<void> {
  if ((await client.serverVersion())?.startsWith('2.')) {
    await ensureBucketMappings(client, [{ ...policy, default: true }]);
    return;
  }
  const db = quoteIdent(client.database);
  await client.query(`CREATE DATABASE ${db}`, { mutate: true });
  const existing = await client.query(`SHOW RETENTION POLICIES ON ${db}`);
  const found = existing.flatMap((series) => series.rows).find((row) => row.name === policy.name);
  const verb = found ? 'ALTER' : 'CREATE';
  await client.query(
    `${verb} RETENTION POLICY ${quoteIdent(policy.name)} ON ${db} DURATION ${policy.duration} REPLICATION 1 DEFAULT`,
    { mutate: true },
  );
}
