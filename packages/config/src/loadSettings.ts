import { readFileSync } from 'node:fs';
import { loadDotEnv } from './dotEnv.ts';
import { SETTINGS, type SettingName, type Settings, type SettingSpec } from './settings.ts';

export class SettingError extends Error {
  override name = 'SettingError';
}

type Flags = Partial<Record<SettingName, string | undefined>>;

/** Where a raw value came from, for the error message: never the value itself. */
interface Raw {
  value: string | undefined;
  where: string;
}

/**
 * A file a setting names (a secret's `<env>_FILE`, a CA, a certificate): its
 * text, or a SettingError naming the setting, the path and why, never the content.
 */
export function readSettingFile(path: string, setting: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new SettingError(`${setting}: cannot read ${path} (${code})`);
  }
}

/** A secret from `<env>_FILE`: the file's content without its final newline (editors add one). */
function fromFile(path: string, name: string): string {
  return readSettingFile(path, `${name}_FILE`).replace(/\r?\n$/, '');
}

function rawValue(spec: SettingSpec<unknown>, flag: string | undefined, env: NodeJS.ProcessEnv): Raw {
  if (flag !== undefined) return { value: flag, where: `option for ${spec.env}` };
  const direct = env[spec.env];
  const file = spec.secret ? env[`${spec.env}_FILE`] : undefined;
  if (direct !== undefined && direct !== '' && file)
    throw new SettingError(`${spec.env} and ${spec.env}_FILE are both set: set one`);
  if (file) return { value: fromFile(file, spec.env), where: `${spec.env}_FILE` };
  if (direct !== undefined && direct !== '') return { value: direct, where: spec.env };
  return { value: spec.default, where: `default of ${spec.env}` };
}

/** The pairs that only make sense together, checked once every value is read. */
function checkCombinations(s: Settings): void {
  const needsTls = [
    ['KAFKA_SSL_CA_FILE', s.kafkaSslCaFile],
    ['KAFKA_SSL_CERT_FILE', s.kafkaSslCertFile],
    ['KAFKA_SSL_KEY_FILE', s.kafkaSslKeyFile],
  ] as const;
  for (const [name, value] of needsTls) {
    if (value !== undefined && !s.kafkaSsl)
      throw new SettingError(`${name} is set but KAFKA_SSL is off: set KAFKA_SSL=on`);
  }
  if ((s.kafkaSslCertFile === undefined) !== (s.kafkaSslKeyFile === undefined)) {
    throw new SettingError('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE go together: set both or neither');
  }
  if (s.kafkaSaslMechanism !== 'none' && (s.kafkaSaslUsername === undefined || s.kafkaSaslPassword === undefined)) {
    throw new SettingError(
      `KAFKA_SASL_MECHANISM=${s.kafkaSaslMechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD (or KAFKA_SASL_PASSWORD_FILE)`,
    );
  }
  if ((s.influxUsername === undefined) !== (s.influxPassword === undefined)) {
    throw new SettingError(
      'INFLUX_USERNAME and INFLUX_PASSWORD (or INFLUX_PASSWORD_FILE) go together: set both or neither',
    );
  }
  if (s.influxUsername !== undefined && s.influxToken !== undefined) {
    throw new SettingError(
      'INFLUX_TOKEN and INFLUX_USERNAME are both set: a token for 2.x/3.x/Cloud, a user for 1.x; set one',
    );
  }
}

/**
 * Every setting, from (first found) a command-line flag, the environment
 * (a `.env` file at the workspace root included) or `<env>_FILE` for
 * secrets, then the default. A bad value is a SettingError naming the
 * variable and never quoting a secret.
 */
export function loadSettings(flags: Flags = {}, env: NodeJS.ProcessEnv = process.env): Settings {
  if (env === process.env) loadDotEnv();
  const out: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(SETTINGS) as [SettingName, SettingSpec<unknown>][]) {
    const raw = rawValue(spec, flags[name], env);
    if (raw.value === undefined) continue;
    try {
      out[name] = spec.parse(raw.value);
    } catch (error) {
      const why = spec.secret ? 'must not be empty' : (error as Error).message;
      throw new SettingError(`${raw.where}: ${why}`, { cause: spec.secret ? undefined : error });
    }
  }
  const settings = out as Settings;
  checkCombinations(settings);
  return settings;
}

/** Help text for one setting, for commander's option descriptions. */
export function describeSetting(name: SettingName): string {
  const spec: SettingSpec<unknown> = SETTINGS[name];
  return `${spec.description} (env ${spec.env}${spec.default !== undefined ? `, default ${spec.default}` : ''})`;
}
