import { readFileSync } from 'node:fs';
import { SCHEDULE_FIELDS, type ScheduleField } from '../onTime/scheduleFields.ts';

/** `--map`: which column holds each field, for files no profile knows. */
export type ColumnMap = Partial<Record<ScheduleField, string>>;

export class ColumnMapError extends Error {
  override name = 'ColumnMapError';
}

const FIELD_LIST = SCHEDULE_FIELDS.join(', ');

/**
 * "departure=origin,arrival=destination,scheduled=date" (the flag), or the
 * same one pair per line with # comments (a mapping file). Column names are
 * matched like headers: without case, spaces or punctuation.
 */
export function parseColumnMap(text: string, where = '--map'): ColumnMap {
  const map: ColumnMap = {};
  const pairs = text
    .split(/[,\n]/)
    .map((pair) => pair.replace(/#.*$/, '').trim())
    .filter(Boolean);
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    const field = pair.slice(0, at).trim();
    const column = pair.slice(at + 1).trim();
    if (at < 1 || column === '') throw new ColumnMapError(`${where}: "${pair}" is not field=column`);
    if (!(SCHEDULE_FIELDS as readonly string[]).includes(field))
      throw new ColumnMapError(`${where}: unknown field "${field}" (fields: ${FIELD_LIST})`);
    if (map[field as ScheduleField] !== undefined) throw new ColumnMapError(`${where}: "${field}" is mapped twice`);
    map[field as ScheduleField] = column;
  }
  if (pairs.length === 0) throw new ColumnMapError(`${where}: maps nothing (expected field=column, …)`);
  const missing = [
    ...(map.departure ? [] : ['departure']),
    ...(map.arrival ? [] : ['arrival']),
    ...(map.scheduled || map.date ? [] : ['scheduled or date']),
  ];
  if (missing.length > 0)
    throw new ColumnMapError(`${where}: a flight needs ${missing.join(', ')} (fields: ${FIELD_LIST})`);
  if (map.scheduled && (map.date || map.time))
    throw new ColumnMapError(`${where}: give scheduled (one date-time column) or date and time, not both`);
  return map;
}

export function readColumnMapFile(path: string): ColumnMap {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ColumnMapError(
      `--map-file ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return parseColumnMap(text, path);
}
