import { canonicalColumn, missingColumns, type KaggleRecord } from './fare/kaggleColumns.ts';
import { parseKaggleRow } from './fare/parseKaggleRow.ts';
import { carrierNamesBeside } from './onTime/carrierNames.ts';
import type { ColumnMap } from './mapped/columnMap.ts';
import { columnKey, detectProfile, ON_TIME_PROFILES, type CellLookup } from './onTime/onTimeProfiles.ts';
import { parseScheduleRow, type ScheduleContext } from './onTime/parseScheduleRow.ts';
import type { ScheduleField, ScheduleValues } from './onTime/scheduleFields.ts';
import type { FormatBinding, RowFormat, RowRecord } from './RowFormat.ts';

export interface FormatOptions {
  /** `--map`: read every file with these columns instead of detecting its format. */
  map?: ColumnMap;
}

/** Header cells as record keys: trimmed, unique ("a", "a" becomes "a", "a#2"), never empty. */
function recordKeys(header: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return header.map((raw, i) => {
    const name = raw.replace(/^\uFEFF/, '').trim() || `column ${i + 1}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}#${n}`;
  });
}

function fareFormat(header: readonly string[]): RowFormat {
  const columns = header.map(canonicalColumn);
  return {
    name: 'fare',
    record(cells) {
      const record: KaggleRecord = {};
      columns.forEach((column, i) => {
        if (column) record[column] = cells[i] ?? '';
      });
      return record as RowRecord;
    },
    parse: (record, origin) => parseKaggleRow(record as KaggleRecord, origin),
  };
}

/** A format over named cells: `values` reads a row's schedule fields through a lookup by column key. */
function scheduleFormat(
  name: string,
  header: readonly string[],
  file: string,
  values: (cell: CellLookup) => ScheduleValues,
): RowFormat {
  const keys = recordKeys(header);
  const byKey = new Map<string, string>();
  for (const key of keys) byKey.set(columnKey(key), byKey.get(columnKey(key)) ?? key);
  const context: ScheduleContext = { format: name, carrierNames: carrierNamesBeside(file) };
  return {
    name,
    record(cells) {
      const record: RowRecord = {};
      keys.forEach((key, i) => {
        record[key] = cells[i] ?? '';
      });
      return record;
    },
    parse(record, origin) {
      const cell: CellLookup = (key) => {
        const column = byKey.get(key);
        return column === undefined ? undefined : record[column];
      };
      return parseScheduleRow(values(cell), record, origin, context);
    },
  };
}

function mappedFormat(header: readonly string[], file: string, map: ColumnMap): FormatBinding {
  const present = new Set(header.map(columnKey));
  const absent = Object.entries(map)
    .filter(([, column]) => !present.has(columnKey(column)))
    .map(([field, column]) => `${field}=${column}`);
  if (absent.length > 0) {
    return {
      ok: false,
      problem: `has no column for --map ${absent.join(', ')} (found: ${header.filter(Boolean).join(', ') || 'nothing'})`,
    };
  }
  const fields = Object.entries(map) as [ScheduleField, string][];
  return {
    ok: true,
    format: scheduleFormat('mapped', header, file, (cell) =>
      Object.fromEntries(fields.map(([field, column]) => [field, cell(columnKey(column))])),
    ),
  };
}

/** The fare file's columns, when the header has at least two of them: a fare file with columns missing, not another format. */
function looksLikeFareFile(header: readonly string[]): boolean {
  return new Set(header.map(canonicalColumn).filter(Boolean)).size >= 2;
}

const KNOWN = ['the flight-fare file', ...ON_TIME_PROFILES.map((profile) => profile.title)].join(', ');

/**
 * Decides how a file's rows are read, from its header: `--map` when given;
 * else the fare file (today's format) or an on-time profile; else one line
 * saying what was found and what to do.
 */
export function bindFormat(file: string, header: readonly string[], options: FormatOptions = {}): FormatBinding {
  if (options.map) return mappedFormat(header, file, options.map);
  const missing = missingColumns(header);
  if (missing.length === 0) return { ok: true, format: fareFormat(header) };
  const profile = detectProfile(new Set(header.map(columnKey)));
  if (profile) return { ok: true, format: scheduleFormat(profile.name, header, file, profile.values) };
  const found = header.filter(Boolean).join(', ') || 'nothing';
  if (looksLikeFareFile(header)) {
    return {
      ok: false,
      problem: `lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${found})`,
    };
  }
  return {
    ok: false,
    problem: `matches no known format (${KNOWN}); found: ${found}; missing: departure, arrival and scheduled or date — name them with --map departure=<column>,arrival=<column>,date=<column>`,
  };
}
