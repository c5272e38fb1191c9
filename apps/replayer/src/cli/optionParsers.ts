import { InvalidArgumentError } from 'commander';
import { isTcpPort } from '@flights/config';
import { HISTORY_MARGIN_MS, parseSpan } from '../clock/replayClock.ts';
import { ColumnMapError, parseColumnMap, type ColumnMap } from '../formats/mapped/columnMap.ts';

/** Exit statuses, documented in --help. */
export const EXIT = { ok: 0, badInput: 1, usage: 2, delivery: 3, interrupted: 130 } as const;

/** A flag's value that must be a number above 0 (a whole one unless `integer` is false). */
export function positive(label: string, integer = true) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!(value > 0) || (integer && !Number.isInteger(value)))
      throw new InvalidArgumentError(`${label} must be a ${integer ? 'whole ' : ''}number > 0`);
    return value;
  };
}

export function port(flag: string) {
  return (raw: string): number => {
    const value = Number(raw);
    if (!isTcpPort(value)) throw new InvalidArgumentError(`${flag} must be a port number (0 to 65535)`);
    return value;
  };
}

export function columnMapOption(raw: string): ColumnMap {
  try {
    return parseColumnMap(raw);
  } catch (error) {
    if (error instanceof ColumnMapError) throw new InvalidArgumentError(error.message);
    throw error;
  }
}

export function span(raw: string): number {
  const ms = parseSpan(raw);
  if (ms === undefined || ms <= HISTORY_MARGIN_MS)
    throw new InvalidArgumentError('--span must be a duration longer than an hour, such as 30d, 12h or 90m');
  return ms;
}

export function since(raw: string): number {
  const ms = parseSpan(raw);
  if (ms === undefined) throw new InvalidArgumentError('--since must be a duration such as 30d, 12h, 90m or 0m');
  return ms;
}
