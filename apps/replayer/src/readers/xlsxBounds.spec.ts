import { describe, expect, it } from 'vitest';
import { xlsxBoundsProblem } from './xlsxBounds.ts';

const entry = (name: string, compressedSize: number, uncompressedSize: number) => ({ name, method: 8, compressedSize, uncompressedSize, localHeaderOffset: 0 });
const limits = { maxInflatedBytes: 1024 * 1024 * 1024, maxRatio: 200 };

describe('xlsxBoundsProblem', () => {
  it('lets real workbooks through (Data_Train.xlsx: its sheets inflate 7 to 9 times, 6 MB in all)', () => {
    expect(xlsxBoundsProblem([entry('xl/worksheets/sheet2.xml', 610_972, 4_277_453), entry('xl/pivotCache/pivotCacheRecords1.xml', 219_193, 1_933_466)], limits)).toBeUndefined();
    // A tiny part may compress far: below 1 MB inflated the ratio is not held against it.
    expect(xlsxBoundsProblem([entry('xl/styles.xml', 100, 900_000)], limits)).toBeUndefined();
  });

  it('refuses an entry that inflates too many times its size, naming the limit and the variable that raises it', () => {
    expect(xlsxBoundsProblem([entry('xl/sharedStrings.xml', 10_240, 10_485_760)], limits)).toBe(
      'entry xl/sharedStrings.xml inflates 1,024 times its size (10 MB from 10,240 bytes), over the limit of 200 (a zip bomb? REPLAYER_XLSX_MAX_RATIO raises it)',
    );
  });

  it('refuses a workbook that inflates past the total limit', () => {
    expect(xlsxBoundsProblem([entry('a', 600_000_000, 700_000_000), entry('b', 500_000_000, 600_000_000)], limits)).toMatch(
      /^inflates to 1,239\.8 MB, over the limit of 1,024 MB for a workbook \(REPLAYER_XLSX_MAX_MB raises it\)$/,
    );
  });
});
