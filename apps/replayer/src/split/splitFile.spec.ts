import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvField } from '../csv/csvLine.ts';
import { chunkOf, splitFile } from './splitFile.ts';

describe('chunkOf', () => {
  it('spreads 10 rows over 3 chunks as 4, 3, 3', () => {
    const chunks = Array.from({ length: 10 }, (_, row) => chunkOf(row, 10, 3));
    expect(chunks).toEqual([0, 0, 0, 0, 1, 1, 1, 2, 2, 2]);
  });
});

describe('splitFile', () => {
  it('cuts a CSV into N chunk files that together hold every row once, header on each', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'split-'));
    const header =
      'Airline,Date_of_Journey,Source,Destination,Route,Dep_Time,Arrival_Time,Duration,Total_Stops,Additional_Info,Price';
    const rows = Array.from(
      { length: 7 },
      (_, i) =>
        `IndiGo,24/03/2019,Banglore,New Delhi,BLR → DEL,22:2${i},01:10 22 Mar,2h 50m,non-stop,"Info, with comma",${3000 + i}`,
    );
    writeFileSync(join(dir, 'flights.csv'), `${header}\n${rows.join('\n')}\n`);
    const { files, rows: count } = await splitFile(join(dir, 'flights.csv'), 3, join(dir, 'out'));
    expect(count).toBe(7);
    expect(files.map((f) => f.slice(dir.length + 1))).toEqual([
      'out/flights_part01.csv',
      'out/flights_part02.csv',
      'out/flights_part03.csv',
    ]);
    const bodies = files.map((f) => readFileSync(f, 'utf8').trim().split('\n'));
    expect(bodies.map((b) => b[0])).toEqual([header, header, header]);
    expect(bodies.flatMap((b) => b.slice(1))).toEqual(rows);
  });

  it('quotes fields that hold commas, quotes or newlines', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('plain')).toBe('plain');
  });
});
