import { canonicalColumn, missingColumns, type KaggleRecord } from '../normalize/kaggleColumns.ts';
import { FileError } from './FileError.ts';

/**
 * Maps a header row to Kaggle columns once; then turns each row's cells into
 * a record. Unknown columns are ignored, missing required ones fail the file.
 */
export function recordMapper(file: string, header: readonly string[], where = 'header') {
  const missing = missingColumns(header);
  if (missing.length > 0) {
    throw new FileError(file, `${where} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${header.filter(Boolean).join(', ') || 'nothing'})`);
  }
  const columns = header.map(canonicalColumn);
  return (cells: readonly string[]): { record: KaggleRecord; problem?: string } => {
    const record: KaggleRecord = {};
    columns.forEach((column, i) => {
      if (column) record[column] = cells[i] ?? '';
    });
    const problem = cells.length !== header.length ? `expected ${header.length} fields, found ${cells.length}` : undefined;
    return problem ? { record, problem } : { record };
  };
}
