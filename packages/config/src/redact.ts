import { SETTINGS, type SettingName, type Settings, type SettingSpec } from './settings.ts';

export const REDACTED = '[redacted]';

/** The settings as they may be shown (a start-up line, a status page): every secret replaced. */
export function redactSettings(settings: Settings): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(settings).map(([name, value]) => {
      const spec: SettingSpec<unknown> = SETTINGS[name as SettingName];
      return [name, spec.secret && value !== undefined ? REDACTED : value];
    }),
  );
}

/** The secret values in use: what a log line or an error must never contain. */
export function secretValues(settings: Settings): string[] {
  return (Object.keys(SETTINGS) as SettingName[])
    .filter((name) => (SETTINGS[name] as SettingSpec<unknown>).secret)
    .map((name) => settings[name])
    .filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/**
 * Replaces every secret in a text: for messages that quote what a library
 * said (a broker's or a server's answer may echo a credential back).
 */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const value of secrets) if (value.length >= 4) out = out.split(value).join(REDACTED);
  return out;
}
