/** Parsers of raw setting text: each returns the value or throws a message naming what is wrong. */

export function text(raw: string): string {
  const value = raw.trim();
  if (!value) throw new Error('must not be empty');
  return value;
}

export function list(raw: string): string[] {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
  if (items.length === 0) throw new Error('must list at least one value');
  return items;
}

/** A TCP port number, 0 (any free port) included. */
export const isTcpPort = (value: number): boolean => Number.isInteger(value) && value >= 0 && value <= 65535;

export function port(raw: string): number {
  const value = Number(raw);
  if (!isTcpPort(value)) throw new Error(`"${raw}" is not a TCP port`);
  return value;
}

export function positiveInt(raw: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`"${raw}" is not a whole number >= 0`);
  return value;
}

export function onOff(raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['on', 'true', '1', 'yes'].includes(value)) return true;
  if (['off', 'false', '0', 'no'].includes(value)) return false;
  throw new Error(`"${raw}" is not on or off`);
}

export function url(raw: string): string {
  try {
    return new URL(raw.trim()).toString().replace(/\/$/, '');
  } catch {
    throw new Error(`"${raw}" is not a URL`);
  }
}

/** One of a fixed set of words, case-insensitive. */
export function oneOf<T extends string>(choices: readonly T[]): (raw: string) => T {
  return (raw) => {
    const value = raw.trim().toLowerCase() as T;
    if (!choices.includes(value)) throw new Error(`"${raw}" is not one of ${choices.join(', ')}`);
    return value;
  };
}

/** A secret: kept as given (a password may start or end with a space), never echoed in an error. */
export function secret(raw: string): string {
  if (raw.length === 0) throw new Error('must not be empty');
  return raw;
}
