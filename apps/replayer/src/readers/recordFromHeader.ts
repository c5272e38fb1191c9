import { bindFormat, type FormatOptions } from '../formats/bindFormat.ts';
import type { RowFormat, RowRecord } from '../formats/RowFormat.ts';
import { FileError } from './FileError.ts';
import { READ_LIMITS } from './readLimits.ts';

export type RowMapper = (cells: readonly string[]) => { record: RowRecord; format: RowFormat; problem?: string };

/** The row mapper for a header, or undefined with the reason when no format reads it. */
export function tryRowMapper(
  file: string,
  header: readonly string[],
  options: FormatOptions,
): RowMapper | { problem: string } {
  if (header.length > READ_LIMITS.maxColumns) {
    return {
      problem: `has ${header.length.toLocaleString('en-US')} columns, over the limit of ${READ_LIMITS.maxColumns} (REPLAYER_MAX_COLUMNS raises it)`,
    };
  }
  const binding = bindFormat(file, header, options);
  if (!binding.ok) return { problem: binding.problem };
  const { format } = binding;
  return (cells) => {
    const record = format.record(cells);
    const problem =
      cells.length !== header.length ? `expected ${header.length} fields, found ${cells.length}` : undefined;
    return problem ? { record, format, problem } : { record, format };
  };
}

/**
 * Chooses the file's format from its header once (see bindFormat); then
 * names each row's cells. A header no format reads fails the file.
 */
export function recordMapper(
  file: string,
  header: readonly string[],
  options: FormatOptions = {},
  where = 'header',
): RowMapper {
  const mapper = tryRowMapper(file, header, options);
  if (typeof mapper !== 'function') throw new FileError(file, `${where} ${mapper.problem}`);
  return mapper;
}
