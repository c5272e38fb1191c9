import { readFileSync } from 'node:fs';
import { InfluxV1Client, type InfluxV1Options } from '@flights/influx';

/**
 * A spec's own client of the stack's InfluxDB (INFLUX_URL), with the stack's
 * token when it runs 2.x (INFLUX_TOKEN_FILE, as the apps read it).
 */
export function testInflux(database: string, options: Partial<InfluxV1Options> = {}): InfluxV1Client {
  const tokenFile = process.env.INFLUX_TOKEN_FILE;
  const token = tokenFile ? readFileSync(tokenFile, 'utf8').trim() : undefined;
  return new InfluxV1Client({ url: process.env.INFLUX_URL!, database, token, ...options });
}
