import { describe, expect, it } from 'vitest';
import type { KaggleRecord } from '../formats/fare/kaggleColumns.ts';
import { parseKaggleRow } from '../formats/fare/parseKaggleRow.ts';
import { generateKaggleRows, kaggleHeader } from './generateKaggleRows.ts';

function records(options: Parameters<typeof generateKaggleRows>[0]): KaggleRecord[] {
  const header = kaggleHeader(options);
  return [...generateKaggleRows(options)].map((cells) =>
    Object.fromEntries(header.map((column, i) => [column, cells[i]])),
  );
}

describe('generateKaggleRows', () => {
  it('writes rows that the replayer normalizes without a single rejection', () => {
    const results = records({ rows: 5000, seed: 7 }).map((record, i) =>
      parseKaggleRow(record, { file: 'gen.csv', row: i + 1 }),
    );
    expect(results.filter((result) => !result.ok)).toEqual([]);
  });

  it('is deterministic for a seed and different across seeds', () => {
    expect(records({ rows: 50, seed: 1 })).toEqual(records({ rows: 50, seed: 1 }));
    expect(records({ rows: 50, seed: 1 })).not.toEqual(records({ rows: 50, seed: 2 }));
  });

  it('follows the real mix: Jet Airways leads, Delhi-Cochin is the busiest corridor', () => {
    const rows = records({ rows: 20_000 });
    const share = (predicate: (r: KaggleRecord) => boolean) => rows.filter(predicate).length / rows.length;
    expect(share((r) => r.Airline === 'Jet Airways')).toBeCloseTo(3849 / 10683, 1);
    expect(share((r) => r.Source === 'Delhi' && r.Destination === 'Cochin')).toBeCloseTo(4537 / 10683, 1);
  });

  it('follows the real network and fares: DEL → BOM → COK leads, most flights stop, IndiGo costs what it really costs', () => {
    const rows = records({ rows: 20_000 });
    const share = (predicate: (r: KaggleRecord) => boolean) => rows.filter(predicate).length / rows.length;
    // The real file: 2,376 of 10,682 flights fly DEL → BOM → COK; 5,625 have one stop; IndiGo averages ₹5,674.
    expect(share((r) => r.Route === 'DEL → BOM → COK')).toBeCloseTo(2376 / 10682, 1);
    expect(share((r) => r.Total_Stops === '1 stop')).toBeCloseTo(5625 / 10682, 1);
    expect(new Set(rows.map((r) => r.Route)).size).toBeGreaterThan(100);
    const indigo = rows.filter((r) => r.Airline === 'IndiGo').map((r) => Number(r.Price));
    const average = indigo.reduce((sum, fare) => sum + fare, 0) / indigo.length;
    expect(Math.abs(average - 5674) / 5674).toBeLessThan(0.1);
  });

  it('leaves out Price on request, like the hackathon test file', () => {
    expect(kaggleHeader({ withoutPrice: true })).not.toContain('Price');
    expect([...generateKaggleRows({ rows: 1, withoutPrice: true })][0]).toHaveLength(10);
  });
});
