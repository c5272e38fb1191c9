import { createReadStream } from 'node:fs';
import type ExcelJS from 'exceljs';
import type { FormatOptions } from '../formats/bindFormat.ts';
import { countingStream } from './countingStream.ts';
import { FileError } from './FileError.ts';
import { tryRowMapper, type RowMapper } from './recordFromHeader.ts';
import { xlsxRowCount } from './xlsxRowCount.ts';
import type { RowSource, SourceItem } from './sourceItem.ts';

type CellValue = ExcelJS.CellValue;

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Cell values as the CSV export of the same sheet would show them: a copy
 * saved by Excel may hold real dates and times instead of text.
 */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // Excel times are dates on 1899-12-30; whole days are journey dates.
    if (value.getUTCFullYear() < 1901) return `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}`;
    return `${pad(value.getUTCDate())}/${pad(value.getUTCMonth() + 1)}/${value.getUTCFullYear()}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('result' in value) return cellText(value.result as CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

function rowCells(values: CellValue[] | Record<string, CellValue>): string[] {
  // exceljs row values are 1-based: index 0 is always empty.
  const list = Array.isArray(values) ? values.slice(1) : [];
  return Array.from(list, (value) => cellText(value).trim());
}

/**
 * Streams the first sheet whose first non-empty row is a header some format
 * reads, wherever it sits in the workbook (Data_Train.xlsx has a pivot
 * table first).
 */
export async function readXlsx(file: string, size: number, options: FormatOptions = {}): Promise<RowSource> {
  // Loaded when a workbook is read: exceljs takes 0.6 s to load, which every CSV replay paid at start.
  const { default: Excel } = await import('exceljs');
  const rows = await xlsxRowCount(file);
  const counter = countingStream();
  const input = createReadStream(file).pipe(counter);
  const workbook = new Excel.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    worksheets: 'emit',
    // Styles tell a date cell from a number: without them Excel dates arrive as serials (43548).
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  async function* items(): AsyncGenerator<SourceItem> {
    const seen: string[] = [];
    try {
      for await (const sheet of workbook) {
        let toRecord: RowMapper | undefined;
        let row = 0;
        let skip = false;
        for await (const line of sheet) {
          if (skip) continue; // a stream reader must drain every sheet to reach the next
          const cells = rowCells(line.values as CellValue[]);
          if (!toRecord) {
            if (cells.every((cell) => cell === '')) continue;
            const mapper = tryRowMapper(file, cells, options);
            if (typeof mapper !== 'function') {
              seen.push(`"${(sheet as unknown as { name: string }).name}" (${mapper.problem})`);
              skip = true;
              continue;
            }
            toRecord = mapper;
            continue;
          }
          if (cells.every((cell) => cell === '')) continue;
          row += 1;
          yield { kind: 'row', row, ...toRecord(cells) };
        }
        if (toRecord) return;
      }
    } catch (error) {
      if (error instanceof FileError) throw error;
      throw new FileError(file, `is not a readable xlsx workbook (${(error as Error).message})`, { cause: error });
    }
    throw new FileError(file, `has no sheet with flight columns; sheets: ${seen.join('; ') || 'none'}`);
  }
  // In rows when the workbook declares its size (exceljs reads the zip far ahead of the rows), else in bytes.
  if (!rows) return { size, position: () => counter.bytes, items: items() };
  let handedOut = 0;
  async function* counted(): AsyncGenerator<SourceItem> {
    for await (const item of items()) {
      handedOut += 1;
      yield item;
    }
  }
  return { size: rows, position: () => handedOut, items: counted() };
}
