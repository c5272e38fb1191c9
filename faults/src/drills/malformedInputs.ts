import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  expectedTotals,
  GROUND_TRUTH,
  pipelineScenario,
  requireDataTrain,
  totalsDifferences,
  waitForFlights,
} from '@flights/infra/testing';
import type { Drill } from '../drill.ts';

const KAGGLE_HEADER =
  'Airline,Date_of_Journey,Source,Destination,Route,Dep_Time,Arrival_Time,Duration,Total_Stops,Additional_Info,Price';

/** Deterministic bytes, NULs included: "binary" the same way on every run. */
function pseudoRandomBytes(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed;
  for (let i = 0; i < length; i += 1) {
    state = (state * 1_103_515_245 + 12_345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

/** The bad files, by name; each must get exactly one `error: <file>: ...` line. */
function writeBadFiles(dir: string, workbook: Buffer): string[] {
  const files: Record<string, string | Buffer> = {
    'truncated.xlsx': workbook.subarray(0, Math.floor(workbook.length / 2)),
    'renamed-csv.xlsx': `${KAGGLE_HEADER}\nIndiGo,24/03/2019\n`,
    'binary.csv': pseudoRandomBytes(64 * 1024, 42),
    'wrong-columns.csv': 'name,age,city\nAsha,31,Pune\n',
    'huge-line.ndjson': `{"v":1}\n${'x'.repeat(3 * 1024 * 1024)}`,
    'huge-record.csv': `${KAGGLE_HEADER}\nIndiGo,"${'y'.repeat(2 * 1024 * 1024)}"\n`,
    'latin1.csv': Buffer.from(
      `${KAGGLE_HEADER}\nA\xe9roflot,24/03/2019,Banglore,New Delhi,BLR \u2192 DEL,22:20,01:10,2h 50m,non-stop,No info,3897\n`,
      'latin1',
    ),
    'empty.csv': '',
  };
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return Object.keys(files);
}

export const malformedInputs: Drill = {
  name: 'malformed-inputs',
  proves:
    'a directory of broken files (truncated or renamed xlsx, binary, wrong columns, huge lines, non-UTF-8, empty) gives one clear line per file, no crash, and the good file beside them still counts exactly',
  async run(_size, log) {
    const dir = mkdtempSync(join(tmpdir(), 'drill-malformed-'));
    const scenario = pipelineScenario(this.name, 'drill');
    try {
      copyFileSync(requireDataTrain(), join(dir, 'Data_Train.xlsx'));
      const bad = writeBadFiles(dir, readFileSync(requireDataTrain()));
      const aggregator = scenario.startAggregator();
      await aggregator.waitFor(/joined group/, 120_000);
      log(`replaying ${dir}: Data_Train.xlsx and ${bad.length} bad files`);
      const result = await scenario.replay([dir, '--quiet']);
      const differences: string[] = [];
      if (result.code !== 1) differences.push(`replayer exited ${result.code}, expected 1 (some files failed)`);
      const lines = result.stderr.split('\n');
      if (lines.some((line) => /^\s+at /.test(line))) differences.push('a stack trace was printed');
      for (const name of bad) {
        const mentions = lines.filter((line) => line.startsWith('error: ') && line.includes(name));
        if (mentions.length !== 1) differences.push(`${name}: ${mentions.length} error lines, expected 1`);
      }
      if (lines.some((line) => line.startsWith('error: ') && line.includes('Data_Train.xlsx')))
        differences.push('the good file was reported as an error');
      const totals = await waitForFlights(scenario.influx, GROUND_TRUTH.rows, 120_000);
      differences.push(...totalsDifferences(totals, expectedTotals(1)));
      const messages = lines
        .filter((line) => line.startsWith('error: '))
        .map((line) => line.slice(line.lastIndexOf('/') + 1));
      return {
        drill: this.name,
        did: `${bad.length} bad files beside Data_Train.xlsx: ${messages.join('; ')}`,
        differences,
      };
    } finally {
      await scenario.cleanup();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
