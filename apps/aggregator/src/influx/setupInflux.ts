import {
  ensureBucketMappings,
  ensureDatabase,
  ensureRollups,
  InfluxError,
  quoteIdent,
  setupStatements,
  type InfluxV1Client,
} from '@flights/influx';
import { INFLUX_RETENTION_POLICY, measurementSpecs } from '@flights/schemas';
import type { RollupKeeper } from './HourRoller.ts';
import { HOURLY_ROLLUP } from './rollupTarget.ts';

/** The database can never be set up by this user, and is not set up: what to do is in the message. */
export class InfluxSetupError extends Error {
  override name = 'InfluxSetupError';
}

/** What an admin runs once for this database (`aggregator --print-setup`). */
export function influxSetupStatements(database: string): string[] {
  return setupStatements(database, INFLUX_RETENTION_POLICY, measurementSpecs(), HOURLY_ROLLUP);
}

/**
 * Without admin rights (InfluxDB 1.x) the database, its retention policies
 * and continuous queries cannot be made by this user. If an admin made them,
 * go on; if not, say exactly what to run.
 */
async function goOnWithoutAdmin(
  influx: InfluxV1Client,
  refused: InfluxError,
  log: (line: string) => void,
): Promise<void> {
  const policies = await influx
    .query(`SHOW RETENTION POLICIES ON ${quoteIdent(influx.database)}`)
    .then((series) => series.flatMap((s) => s.rows.map((row) => String(row.name))))
    .catch(() => [] as string[]);
  const missing = [INFLUX_RETENTION_POLICY.name, HOURLY_ROLLUP.target.name].filter((name) => !policies.includes(name));
  if (missing.length > 0) {
    throw new InfluxSetupError(
      `this InfluxDB user may not set up database "${influx.database}" (${refused.status === 403 ? 403 : refused.message}) and it is not set up (missing: ${missing.join(', ')}). ` +
        'Have an admin run the statements of `npx pnpm -s aggregator --print-setup` once (on InfluxDB 2.x/3.x: a bucket and a DBRP mapping, see the README), or use an admin user',
    );
  }
  log(
    `[aggregator] warning: this InfluxDB user may not manage database "${influx.database}" (${refused.status === 403 ? 403 : refused.message}); it is set up, so going on. Its continuous queries are not checked: an admin keeps them (npx pnpm -s aggregator --print-setup)`,
  );
}

/**
 * The server will not let this user create databases, policies or queries:
 * a 1.x user without admin rights (403), or InfluxDB 2.x/3.x, whose v1 API
 * answers only queries (DBRP mappings and tasks replace the rest).
 */
function mayNotManage(error: InfluxError): boolean {
  return error.status === 403 || /not (supported|implemented)|unsupported|not allowed/i.test(error.message);
}

/** 1.x: the database, its policies and the continuous queries; the server keeps the recent hours' rollups. */
async function setupV1(influx: InfluxV1Client, log: (line: string) => void): Promise<void> {
  await ensureDatabase(influx, INFLUX_RETENTION_POLICY);
  const created = await ensureRollups(influx, measurementSpecs(), HOURLY_ROLLUP);
  if (created.length)
    log(`[aggregator] hourly rollups: created ${created.length} continuous queries into ${HOURLY_ROLLUP.target.name}`);
}

/**
 * 2.x: a bucket and a DBRP mapping per policy (its v1 API has no CREATE), and
 * no continuous queries, so the aggregator keeps every hour's rollup itself.
 * 3.x maps databases itself and has no organizations: nothing to create.
 */
async function setupV2(influx: InfluxV1Client, version: string, log: (line: string) => void): Promise<void> {
  if (version.startsWith('2.')) {
    const policies = [{ ...INFLUX_RETENTION_POLICY, default: true }, HOURLY_ROLLUP.target];
    const created = await ensureBucketMappings(influx, policies);
    if (created.length)
      log(`[aggregator] InfluxDB ${version}: created buckets ${created.join(', ')} with their DBRP mappings`);
  }
  log(`[aggregator] InfluxDB ${version} has no continuous queries: the aggregator keeps the hourly rollups itself`);
}

/**
 * Creates what is missing, idempotently: the database, its policies, the
 * rollup queries (or 2.x's buckets and mappings). An outage (retriable) is waited out, since the aggregator
 * may start before InfluxDB; wrong credentials or a missing database end the
 * start at once with the server's reason. Resolves with who keeps the recent hours' rollups.
 */
export async function setupInflux(
  influx: InfluxV1Client,
  log: (line: string) => void,
  backoffMs: (attempt: number) => number,
): Promise<RollupKeeper> {
  let keeper: RollupKeeper = 'continuous-queries';
  for (let attempt = 1; ; attempt += 1) {
    try {
      const version = (await influx.serverVersion()) ?? '1.x';
      keeper = version.startsWith('1.') ? 'continuous-queries' : 'aggregator';
      await (keeper === 'continuous-queries' ? setupV1(influx, log) : setupV2(influx, version, log));
      return keeper;
    } catch (error) {
      if (error instanceof InfluxError && !error.retriable) {
        if (mayNotManage(error)) {
          await goOnWithoutAdmin(influx, error, log);
          return keeper;
        }
        throw error;
      }
      log(`[aggregator] InfluxDB at ${influx.url} not ready: ${(error as Error).message}; retrying`);
      await new Promise((resolve) => setTimeout(resolve, backoffMs(attempt)));
    }
  }
}
