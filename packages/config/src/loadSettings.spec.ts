import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeSetting, loadSettings, SettingError } from './loadSettings.ts';
import { REDACTED, redactSettings, redactText, secretValues } from './redact.ts';
import { SETTINGS } from './settings.ts';

const dir = mkdtempSync(join(tmpdir(), 'settings-'));
const PASSWORD = 'pa55-word-never-shown';

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('loadSettings', () => {
  it('gives every default and leaves settings without one unset', () => {
    const settings = loadSettings({}, {});
    expect(settings.kafkaBrokers).toEqual(['127.0.0.1:9092']);
    expect(settings.kafkaSsl).toBe(false);
    expect(settings.kafkaSaslMechanism).toBe('none');
    expect(settings.kafkaSaslPassword).toBeUndefined();
    expect(settings.webMaxConnectionsPerAddress).toBe(100);
  });

  it('reads a secret from <NAME>_FILE without its final newline, and refuses both forms at once', () => {
    const env = {
      KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512',
      KAFKA_SASL_USERNAME: 'flights',
      KAFKA_SASL_PASSWORD_FILE: file('kafka-password', `${PASSWORD}\n`),
    };
    const settings = loadSettings({}, env);
    expect(settings.kafkaSaslMechanism).toBe('scram-sha-512');
    expect(settings.kafkaSaslPassword).toBe(PASSWORD);
    expect(() => loadSettings({}, { ...env, KAFKA_SASL_PASSWORD: PASSWORD })).toThrow(
      'KAFKA_SASL_PASSWORD and KAFKA_SASL_PASSWORD_FILE are both set',
    );
  });

  it('names a missing secret file without quoting anything secret', () => {
    const error = catchError(() => loadSettings({}, { INFLUX_TOKEN_FILE: join(dir, 'no-such-token') }));
    expect(error).toBeInstanceOf(SettingError);
    expect(error.message).toBe(`INFLUX_TOKEN_FILE: cannot read ${join(dir, 'no-such-token')} (ENOENT)`);
  });

  it('refuses an unknown SASL mechanism and settings that need each other', () => {
    expect(() => loadSettings({}, { KAFKA_SASL_MECHANISM: 'GSSAPI' })).toThrow(
      'KAFKA_SASL_MECHANISM: "GSSAPI" is not one of none, plain, scram-sha-256, scram-sha-512',
    );
    expect(() => loadSettings({}, { KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'u' })).toThrow(
      'needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
    );
    expect(() => loadSettings({}, { KAFKA_SSL_CA_FILE: '/ca.pem' })).toThrow(
      'KAFKA_SSL_CA_FILE is set but KAFKA_SSL is off',
    );
    expect(() => loadSettings({}, { KAFKA_SSL: 'on', KAFKA_SSL_CERT_FILE: '/c.pem' })).toThrow('set both or neither');
    expect(() => loadSettings({}, { INFLUX_USERNAME: 'admin' })).toThrow('INFLUX_USERNAME and INFLUX_PASSWORD');
    expect(() =>
      loadSettings({}, { INFLUX_USERNAME: 'admin', INFLUX_PASSWORD: PASSWORD, INFLUX_TOKEN: PASSWORD }),
    ).toThrow('set one');
  });
});

describe('secrets', () => {
  const settings = loadSettings(
    {},
    { INFLUX_USERNAME: 'admin', INFLUX_PASSWORD: PASSWORD, WEB_AUTH_TOKEN: 'web-token-1234' },
  );

  it('are redacted wherever settings are shown, and listed for redacting free text', () => {
    const shown = JSON.stringify(redactSettings(settings));
    expect(shown).not.toContain(PASSWORD);
    expect(shown).toContain(`"influxPassword":"${REDACTED}"`);
    expect(shown).toContain('"influxUsername":"admin"');
    expect(secretValues(settings).sort()).toEqual([PASSWORD, 'web-token-1234'].sort());
    expect(redactText(`server said: bad password ${PASSWORD}`, secretValues(settings))).toBe(
      `server said: bad password ${REDACTED}`,
    );
  });

  it('have no command-line default and say where else they come from', () => {
    for (const [name, spec] of Object.entries(SETTINGS)) {
      if (!('secret' in spec)) continue;
      expect(spec).not.toHaveProperty('default');
      expect(describeSetting(name as keyof typeof SETTINGS)).toContain(`${spec.env}_FILE`);
    }
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
