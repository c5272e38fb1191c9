import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inflatedBoundsProblem, xlsxBoundsProblem } from './xlsxBounds.ts';
import { zipOf } from './zipFixture.ts';

const entry = (name: string, compressedSize: number, uncompressedSize: number) => ({
  name,
  method: 8,
  compressedSize,
  uncompressedSize,
  localHeaderOffset: 0,
});
const limits = { maxInflatedBytes: 1024 * 1024 * 1024, maxRatio: 200 };

describe('xlsxBoundsProblem', () => {
  it('lets real workbooks through (Data_Train.xlsx: its sheets inflate 7 to 9 times, 6 MB in all)', () => {
    expect(
      xlsxBoundsProblem(
        [
          entry('xl/worksheets/sheet2.xml', 610_972, 4_277_453),
          entry('xl/pivotCache/pivotCacheRecords1.xml', 219_193, 1_933_466),
        ],
        limits,
      ),
    ).toBeUndefined();
    // A tiny part may compress far: below 1 MB inflated the ratio is not held against it.
    expect(xlsxBoundsProblem([entry('xl/styles.xml', 100, 900_000)], limits)).toBeUndefined();
  });

  it('refuses an entry that inflates too many times its size, naming the limit and the variable that raises it', () => {
    expect(xlsxBoundsProblem([entry('xl/sharedStrings.xml', 10_240, 10_485_760)], limits)).toBe(
      'entry xl/sharedStrings.xml inflates 1,024 times its size (10 MB from 10,240 bytes), over the limit of 200 (a zip bomb? REPLAYER_XLSX_MAX_RATIO raises it)',
    );
  });

  it('refuses a workbook that inflates past the total limit', () => {
    expect(
      xlsxBoundsProblem([entry('a', 600_000_000, 700_000_000), entry('b', 500_000_000, 600_000_000)], limits),
    ).toMatch(
      /^inflates to 1,239\.8 MB, over the limit of 1,024 MB for a workbook \(REPLAYER_XLSX_MAX_MB raises it\)$/,
    );
  });
});

describe('inflatedBoundsProblem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xlsx-bounds-'));
  const write = (name: string, zip: Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, zip);
    return path;
  };

  it('refuses a bomb whose headers lie about its size, which the directory check lets through', async () => {
    const zip = zipOf('xl/sharedStrings.xml', Buffer.alloc(10 * 1024 * 1024, 0x41), 20_000);
    const liar = write('liar.xlsx', zip);
    expect(xlsxBoundsProblem([entry('xl/sharedStrings.xml', 10_240, 20_000)], limits)).toBeUndefined();
    expect(await inflatedBoundsProblem(liar, limits)).toMatch(
      /^entry xl\/sharedStrings\.xml inflates [\d,]+ times its size \([\d.]+ MB from [\d,]+ bytes\), over the limit of 200/,
    );
  });

  it('stops reading once the running total passes the limit', async () => {
    const big = write('big.xlsx', zipOf('xl/worksheets/sheet1.xml', randomBytes(3 * 1024 * 1024)));
    expect(await inflatedBoundsProblem(big, { maxInflatedBytes: 2 * 1024 * 1024, maxRatio: 200 })).toMatch(
      /^inflates to 2(\.\d)? MB, over the limit of 2 MB/,
    );
    expect(await inflatedBoundsProblem(big, limits)).toBeUndefined();
  });
});

describe('inflatedBoundsProblem on a zip with bytes past its end record', () => {
  it('ends once the file is read, instead of waiting for a signature that never comes', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'xlsx-trailing-')), 'trailing.xlsx');
    writeFileSync(path, Buffer.concat([zipOf('xl/worksheets/sheet1.xml', Buffer.from('<x/>')), Buffer.from([0])]));
    expect(await inflatedBoundsProblem(path, limits)).toBeUndefined();
  });
});
