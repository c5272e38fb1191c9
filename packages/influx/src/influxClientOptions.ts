import { readSettingFile, type Settings } from '@flights/config';
import type { InfluxV1Options } from './influxV1Client.ts';

/** The client options from the settings: where, which database, and the credentials and CA. */
export function influxClientOptions(
  settings: Pick<
    Settings,
    'influxUrl' | 'influxDb' | 'influxUsername' | 'influxPassword' | 'influxToken' | 'influxCaFile'
  >,
): InfluxV1Options {
  return {
    url: settings.influxUrl,
    database: settings.influxDb,
    username: settings.influxUsername,
    password: settings.influxPassword,
    token: settings.influxToken,
    ca: settings.influxCaFile ? readSettingFile(settings.influxCaFile, 'INFLUX_CA_FILE') : undefined,
  };
}
