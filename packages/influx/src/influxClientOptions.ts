import { readFileSync } from 'node:fs';
import { SettingError, type Settings } from '@flights/config';
import type { InfluxV1Options } from './influxV1Client.ts';

/** The client options from the settings: where, which database, and the credentials and CA. */
export function influxClientOptions(
  settings: Pick<Settings, 'influxUrl' | 'influxDb' | 'influxUsername' | 'influxPassword' | 'influxToken' | 'influxCaFile'>,
): InfluxV1Options {
  let ca: string | undefined;
  if (settings.influxCaFile) {
    try {
      ca = readFileSync(settings.influxCaFile, 'utf8');
    } catch (error) {
      throw new SettingError(`INFLUX_CA_FILE: cannot read ${settings.influxCaFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
  }
  return {
    url: settings.influxUrl,
    database: settings.influxDb,
    username: settings.influxUsername,
    password: settings.influxPassword,
    token: settings.influxToken,
    ca,
  };
}
