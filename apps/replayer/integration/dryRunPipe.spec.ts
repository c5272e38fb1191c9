import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  GROUND_TRUTH,
  REPLAYER_CLI,
  requireDataTrain,
  runCli,
  spawnEntry,
  spawnEntryPiped,
} from '@flights/infra/testing';

/**
 * `replay --dry-run` writes events to stdout for whoever reads the pipe: a
 * slow reader (jq, kcat, a slow disk) must get every line, and a reader that
 * leaves early (`| head -1`) must not turn into an error. No Kafka involved.
 */
const RUNS = 10;
const READER_DELAY_MS = 2000;
let chunks: string;

beforeAll(async () => {
  chunks = mkdtempSync(join(tmpdir(), 'dry-run-chunks-'));
  const split = await runCli(REPLAYER_CLI, ['split', requireDataTrain(), '--chunks', '10', '--out-dir', chunks]);
  expect(split.code, split.stderr).toBe(0);
});

afterAll(() => rmSync(chunks, { recursive: true, force: true }));

/** The dry run into a reader that reads nothing for READER_DELAY_MS, then everything: the lines it got. */
function slowlyRead(args: string[]): Promise<{ lines: number; code: number | null; stderr: string }> {
  const child = spawnEntry(REPLAYER_CLI, args, {});
  child.stdout.pause();
  let lines = 0;
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  setTimeout(
    () => child.stdout.on('data', (chunk: Buffer) => (lines += chunk.toString().split('\n').length - 1)).resume(),
    READER_DELAY_MS,
  );
  return new Promise((resolve) => child.on('close', (code) => resolve({ lines, code, stderr })));
}

describe('replay --dry-run into a pipe', () => {
  it(`gives a reader that waits ${READER_DELAY_MS / 1000} s before reading every event, ${RUNS} times in a row`, async () => {
    // Two at a time: the machine has two cores, and each run is a whole replay of the file.
    for (let i = 0; i < RUNS; i += 2) {
      const results = await Promise.all([slowlyRead(['--dry-run', chunks]), slowlyRead(['--dry-run', chunks])]);
      for (const result of results) {
        expect(result.stderr).not.toMatch(/error/i);
        expect(result).toMatchObject({ lines: GROUND_TRUTH.rows, code: 0 });
      }
    }
  }, 300_000);

  it('ends quietly with status 0 when the reader takes one line and leaves (| head -1)', async () => {
    const child = spawnEntryPiped(REPLAYER_CLI, ['--dry-run', chunks], '| head -1');
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout).v).toBe(1);
    expect(code).toBe(0);
  });
});
