import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { columnKey } from './onTimeProfiles.ts';

/**
 * Carrier names for on-time files, which carry codes ("UA"): the airlines
 * table that ships beside them — nycflights13's and the 2015 Kaggle
 * dataset's `airlines.csv` (carrier,name / IATA_CODE,AIRLINE), or a BTS
 * `carriers.csv` (Code,Description). No table: the code is the name.
 */
export const CARRIER_TABLES = ['airlines.csv', 'carriers.csv'];
const CODE_COLUMNS = ['carrier', 'iatacode', 'code', 'iata'];
const NAME_COLUMNS = ['name', 'airline', 'description'];
/** A carrier table is small; anything bigger is not one. */
const MAX_TABLE_BYTES = 1024 * 1024;

const cache = new Map<string, ReadonlyMap<string, string>>();

function readTable(path: string): ReadonlyMap<string, string> {
  if (statSync(path).size > MAX_TABLE_BYTES) return new Map();
  const rows = parse(readFileSync(path, 'utf8'), {
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
  }) as string[][];
  const keys = (rows[0] ?? []).map(columnKey);
  const code = keys.findIndex((key) => CODE_COLUMNS.includes(key));
  const name = keys.findIndex((key) => NAME_COLUMNS.includes(key));
  const names = new Map<string, string>();
  if (code < 0 || name < 0) return names;
  for (const row of rows.slice(1)) {
    const [c, n] = [row[code]?.trim(), row[name]?.trim()];
    if (c && n) names.set(c.toUpperCase(), n);
  }
  return names;
}

/** The carrier table beside `file`, read once per folder; empty when there is none or it is unreadable. */
export function carrierNamesBeside(file: string): ReadonlyMap<string, string> {
  const dir = dirname(file);
  let names = cache.get(dir);
  if (names) return names;
  names = new Map();
  for (const table of CARRIER_TABLES) {
    const path = join(dir, table);
    if (!existsSync(path) || path === file) continue;
    try {
      names = readTable(path);
    } catch {
      names = new Map();
    }
    if (names.size > 0) break;
  }
  cache.set(dir, names);
  return names;
}
