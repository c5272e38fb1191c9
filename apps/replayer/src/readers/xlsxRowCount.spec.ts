import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { readCsv } from './readCsv.ts';
import { xlsxRowCount } from './xlsxRowCount.ts';

const dir = mkdtempSync(join(tmpdir(), 'rowcount-'));

describe('progress positions', () => {
  it("reads a workbook's data-row count from its sheets' dimension, the largest sheet winning", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('pivot').addRow(['a']);
    const data = workbook.addWorksheet('Sheet1');
    data.addRow(['Airline', 'Date_of_Journey']);
    for (let i = 0; i < 250; i += 1) data.addRow(['IndiGo', '24/03/2019']);
    const file = join(dir, 'flights.xlsx');
    await workbook.xlsx.writeFile(file);
    expect(await xlsxRowCount(file)).toBe(250);
  });

  it('says nothing for a file that is no zip', async () => {
    const file = join(dir, 'not.xlsx');
    writeFileSync(file, 'Airline,Source\n');
    expect(await xlsxRowCount(file)).toBeUndefined();
  });

  it('a CSV reports the parser position, which ends at the file size, not read-ahead bytes', async () => {
    const file = join(dir, 'flights.csv');
    const text = `Airline,Date_of_Journey,Source,Destination,Route,Dep_Time,Arrival_Time,Duration,Total_Stops,Additional_Info,Price\n${'IndiGo,24/03/2019,Banglore,New Delhi,BLR → DEL,22:20,01:10 22 Mar,2h 50m,non-stop,No info,3897\n'.repeat(2000)}`;
    writeFileSync(file, text);
    const source = await readCsv(file, Buffer.byteLength(text));
    const iterator = source.items[Symbol.asyncIterator]();
    await iterator.next();
    // After one row the read stream has buffered 64 KB; the position is near the start.
    expect(source.position()).toBeLessThan(Buffer.byteLength(text) / 2);
    while (!(await iterator.next()).done);
    expect(source.position()).toBe(source.size);
  });
});
