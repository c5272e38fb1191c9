import { describe, expect, it } from 'vitest';
import { InfluxError, InfluxV1Client } from '@flights/influx';
import { influxSetupStatements, InfluxSetupError, setupInflux } from './setupInflux.ts';

/** An InfluxDB that answers every statement from a script: the v1 API as a user without admin rights sees it. */
function scriptedInflux(answer: (statement: string) => InfluxError | string[] | undefined): InfluxV1Client {
  const client = new InfluxV1Client({ url: 'http://influx.invalid', database: 'flights' });
  // A server that does not say its version in /ping is taken for 1.x.
  client.serverVersion = async () => undefined;
  client.query = async (statement: string) => {
    const result = answer(statement);
    if (result instanceof InfluxError) throw result;
    return result ? [{ name: 'retention policies', tags: {}, rows: result.map((name) => ({ name })) }] : [];
  };
  return client;
}

const forbidden = () =>
  InfluxError.fromStatus(
    'query',
    403,
    "error authorizing query: writer not authorized to execute statement 'CREATE DATABASE flights', requires admin privilege",
  );
const noWait = () => 0;

describe('setupInflux', () => {
  it('goes on, with a warning, when a user without admin rights finds the database set up', async () => {
    const logged: string[] = [];
    const influx = scriptedInflux((statement) =>
      statement.startsWith('SHOW RETENTION') ? ['flights_30d', 'flights_400d'] : forbidden(),
    );
    await setupInflux(influx, (line) => logged.push(line), noWait);
    expect(logged).toEqual([
      expect.stringMatching(
        /^\[aggregator\] warning: this InfluxDB user may not manage database "flights" \(403\); it is set up, so going on/,
      ),
    ]);
  });

  it('stops with what to run when the database is not set up, as on InfluxDB 2.x without its mappings', async () => {
    const influx = scriptedInflux((statement) =>
      statement.startsWith('SHOW RETENTION')
        ? []
        : new InfluxError('InfluxQL error: statement not supported', 200, false),
    );
    await expect(setupInflux(influx, () => undefined, noWait)).rejects.toThrow(InfluxSetupError);
    await expect(setupInflux(influx, () => undefined, noWait)).rejects.toThrow(
      '(missing: flights_30d, flights_400d). Have an admin run the statements of `npx pnpm -s aggregator --print-setup`',
    );
  });

  it('fails at once on refused credentials, and waits out an outage', async () => {
    const refused = scriptedInflux(() => InfluxError.fromStatus('query', 401, 'authorization failed'));
    await expect(setupInflux(refused, () => undefined, noWait)).rejects.toThrow(
      '(401): authorization failed (check INFLUX_USERNAME',
    );
    let calls = 0;
    const flaky = scriptedInflux((statement) => {
      calls += 1;
      if (calls <= 2) return new InfluxError('InfluxDB unreachable: ECONNREFUSED', undefined, true);
      return statement.startsWith('SHOW') ? ['flights_30d', 'flights_400d'] : undefined;
    });
    const logged: string[] = [];
    await setupInflux(flaky, (line) => logged.push(line), noWait);
    expect(logged.filter((line) => line.includes('not ready'))).toHaveLength(2);
  });

  it('prints the database, both policies and one continuous query per measurement for an admin to run', () => {
    const statements = influxSetupStatements('flights');
    expect(statements.slice(0, 3)).toEqual([
      'CREATE DATABASE "flights"',
      'CREATE RETENTION POLICY "flights_30d" ON "flights" DURATION 30d REPLICATION 1 DEFAULT',
      'CREATE RETENTION POLICY "flights_400d" ON "flights" DURATION 400d REPLICATION 1 SHARD DURATION 30d',
    ]);
    expect(statements.slice(3).every((statement) => statement.startsWith('CREATE CONTINUOUS QUERY'))).toBe(true);
  });
});
