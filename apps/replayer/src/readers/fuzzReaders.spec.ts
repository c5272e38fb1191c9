import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeItem } from '../normalize/normalizeItem.ts';
import { FileError } from './FileError.ts';

// A read that gives nothing for this long is an error (stallGuard); the CLI also catches a reader
// that leaves nothing on the event loop, which a test process never does.
process.env.REPLAYER_STALL_MS = '3000';
const { openRows } = await import('./openRows.ts');

/**
 * Property-based fuzzing of the three readers with damaged copies of
 * real-shaped inputs: flipped, inserted and cut bytes, invalid UTF-8, BOMs
 * in odd places, stray quotes and delimiters, huge fields, renamed and
 * reordered headers, damaged deflate streams inside an intact zip. Every
 * read must end within a bound, fail (if at all) with a FileError and its
 * message (never another exception: that would be a stack trace), give every
 * rejected row a reason, and hand out each good row before the damage
 * exactly once. Seeded: a failure prints the seed and the smallest damage
 * that breaks it (`FUZZ_SEED=<seed>` replays it). `FUZZ_RUNS` sets the cases
 * per format (default 170: over 550 files per run, headers reordered and renamed included); `npx pnpm fuzz` runs 5,000 per format.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 170);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const READ_BOUND_MS = 10_000;
const ROWS = 40;
/** Per test: room for the long run (`npx pnpm fuzz`), where 5,000 CSV cases with fields up to 300 KB take minutes. */
const TEST_BOUND_MS = Math.max(120_000, RUNS * 100);

interface Read {
  ids: string[];
  rejected: { reason: string; detail: string }[];
  error?: unknown;
  ms: number;
}

/** Reads a file as the replayer does (sniff, reader, stall guard, normalize), within READ_BOUND_MS. */
async function readAll(file: string): Promise<Read> {
  const started = performance.now();
  const read: Read = { ids: [], rejected: [], ms: 0 };
  const work = (async () => {
    const source = await openRows(file);
    for await (const item of source.items) {
      const outcome = normalizeItem(item, file);
      if (outcome.ok) read.ids.push(outcome.flight.id);
      else read.rejected.push({ reason: outcome.reason, detail: outcome.detail });
    }
  })().catch((error: unknown) => {
    read.error = error;
  });
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      read.error = new Error(`no end within ${READ_BOUND_MS} ms`);
      resolve();
    }, READ_BOUND_MS);
  });
  await Promise.race([work, bound]);
  clearTimeout(timer);
  read.ms = performance.now() - started;
  return read;
}

/** Byte-level damage at `at` (a fraction of the length, so shrinking keeps it meaningful). */
const damage = fc.oneof(
  fc.record({
    kind: fc.constant('flip' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    mask: fc.integer({ min: 1, max: 255 }),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc
      .constantFrom(
        [0xef, 0xbb, 0xbf],
        [0xff, 0xfe],
        [0xc3],
        [0xe2, 0x86],
        [0x22],
        [0x2c],
        [0x0a],
        [0x0d],
        [0x22, 0x0a, 0x22],
        [0x00],
      )
      .map((b) => Uint8Array.from(b)),
  }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    bytes: fc.integer({ min: 1, max: 300_000 }).map((n) => new Uint8Array(n).fill(0x78)),
  }),
);
type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function apply(original: Buffer, hit: Damage): { bytes: Buffer; at: number } {
  const at = Math.min(original.length - 1, Math.floor(hit.at * original.length));
  if (hit.kind === 'truncate') return { bytes: original.subarray(0, at), at };
  if (hit.kind === 'flip') {
    const bytes = Buffer.from(original);
    bytes[at] = bytes[at]! ^ hit.mask;
    return { bytes, at };
  }
  return { bytes: Buffer.concat([original.subarray(0, at), hit.bytes, original.subarray(at)]), at };
}

/** Bytes where each line ends (its newline included), for the lines after the first (the header, in a CSV). */
function lineEnds(text: Buffer): number[] {
  const ends: number[] = [];
  for (let i = 0; i < text.length; i += 1) if (text[i] === 0x0a) ends.push(i + 1);
  return ends;
}

function expectWellBehaved(read: Read): void {
  expect(read.ms).toBeLessThan(READ_BOUND_MS);
  if (read.error !== undefined) expect(read.error, String((read.error as Error)?.stack)).toBeInstanceOf(FileError);
  for (const { reason, detail } of read.rejected) {
    expect(reason).not.toBe('');
    expect(detail).not.toBe('');
  }
}

let dir: string;
let csv: Buffer;
let ndjson: Buffer;
let xlsx: Buffer;
const baseline: Record<'csv' | 'ndjson', string[]> = { csv: [], ndjson: [] };

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'fuzz-'));
  const lines = readFileSync(join(import.meta.dirname, '../../samples/flights-sample.csv'), 'utf8')
    .split('\n')
    .slice(0, ROWS + 1);
  csv = Buffer.from(`${lines.join('\n')}\n`);
  writeFileSync(join(dir, 'flights.csv'), csv);
  const csvRead = await readAll(join(dir, 'flights.csv'));
  baseline.csv = csvRead.ids;
  // NDJSON: the same flights as events, one per line, as the replayer writes them with --dry-run.
  const events: string[] = [];
  for await (const item of (await openRows(join(dir, 'flights.csv'))).items) {
    const outcome = normalizeItem(item, 'flights.csv');
    if (outcome.ok) events.push(JSON.stringify({ ...outcome.flight, ts: Date.UTC(2026, 10, 26) }));
  }
  ndjson = Buffer.from(`${events.join('\n')}\n`);
  writeFileSync(join(dir, 'events.ndjson'), ndjson);
  baseline.ndjson = (await readAll(join(dir, 'events.ndjson'))).ids;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sheet1');
  for (const line of lines) sheet.addRow(line.split(','));
  xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
}, 30_000);

afterAll(() => undefined);

describe('fuzzed inputs (seeded; the seed is printed on failure)', () => {
  it('finds every good row of the undamaged inputs', () => {
    expect(baseline.csv).toHaveLength(ROWS);
    expect(new Set(baseline.csv).size).toBe(ROWS);
    expect(baseline.ndjson).toHaveLength(ROWS);
  });

  for (const format of ['csv', 'ndjson'] as const) {
    it(
      `${format}: every damaged file ends in time, fails only with a FileError, and keeps each good row before the damage exactly once`,
      async () => {
        const original = format === 'csv' ? csv : ndjson;
        const file = join(dir, format === 'csv' ? 'flights.csv' : 'events.ndjson');
        const ends = lineEnds(original);
        // A CSV's header is its first line: damage there changes what the file is, not which rows are good.
        const firstData = format === 'csv' ? ends[0]! : 0;
        await fc.assert(
          fc.asyncProperty(damage, async (hit) => {
            const { bytes, at } = apply(original, hit);
            writeFileSync(file, bytes);
            const read = await readAll(file);
            expectWellBehaved(read);
            if (at < firstData + 3) return; // damage in the first bytes may change the sniffed format
            const dataEnds = format === 'csv' ? ends.slice(1) : ends;
            const intact = dataEnds.filter((end) => end <= at).length;
            const seen = new Map<string, number>();
            for (const id of read.ids) seen.set(id, (seen.get(id) ?? 0) + 1);
            for (const id of baseline[format].slice(0, intact))
              expect(seen.get(id), `row before the damage at byte ${at}`).toBe(1);
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        );
      },
      TEST_BOUND_MS,
    );
  }

  it(
    'csv: reordered columns read the same rows; a renamed column either still maps or fails the file with one line',
    async () => {
      const file = join(dir, 'flights.csv');
      const table = csv
        .toString('utf8')
        .trimEnd()
        .split('\n')
        .map((line) => line.split(','));
      const width = table[0]!.length;
      await fc.assert(
        fc.asyncProperty(
          fc.shuffledSubarray([...Array(width).keys()], { minLength: width, maxLength: width }),
          fc.option(fc.record({ column: fc.integer({ min: 0, max: width - 1 }), name: fc.string({ maxLength: 20 }) })),
          async (order, rename) => {
            const header = order.map((i) => table[0]![i]!);
            if (rename) header[rename.column] = rename.name.replace(/[,\n\r"]/g, '');
            const rows = table.slice(1).map((cells) => order.map((i) => cells[i]!).join(','));
            writeFileSync(file, `${header.join(',')}\n${rows.join('\n')}\n`);
            const read = await readAll(file);
            expectWellBehaved(read);
            if (read.error === undefined) expect(read.ids.length + read.rejected.length).toBe(ROWS);
            if (!rename) expect(read.ids).toHaveLength(ROWS);
          },
        ),
        { numRuns: Math.max(20, Math.round(RUNS / 4)), seed: SEED, endOnFailure: true },
      );
    },
    TEST_BOUND_MS,
  );

  it(
    'xlsx: every workbook with damaged bytes (zip directory, deflate streams, XML) ends in time and fails only with a FileError',
    async () => {
      const file = join(dir, 'flights.xlsx');
      await fc.assert(
        fc.asyncProperty(damage, async (hit) => {
          writeFileSync(file, apply(xlsx, hit).bytes);
          expectWellBehaved(await readAll(file));
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    },
    TEST_BOUND_MS + 60_000,
  );
});
