import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLAYER_CLI, runCli } from '@flights/infra/testing';

/**
 * `generate --from` and `--clock calendar`, as the demo uses them: a file of real dates keeps its wall-clock times,
 * `--since` leaves out what is older, and nothing is lost between the two. Dry runs: no Kafka involved.
 */
const DAY_MS = 86_400_000;
let dir: string;
let file: string;
const localDate = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * 60_000).toISOString().slice(0, 10);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'calendar-'));
  file = join(dir, 'calendar.csv');
  const from = localDate(Date.now() - 3 * DAY_MS);
  const generated = await runCli(REPLAYER_CLI, ['generate', file, '--from', from, '--days', '2', '--per-day', '500']);
  expect(generated.code, generated.stderr).toBe(0);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the calendar clock', () => {
  it('stamps each flight with its own date and time, in departure order, and leaves out what --since excludes', async () => {
    const all = await runCli(REPLAYER_CLI, [file, '--clock', 'calendar', '--dry-run']);
    expect(all.code, all.stderr).toBe(0);
    const events = all.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { ts: number; journeyDate: string; departureTime: string });
    const first = events[0]!;
    const [hours, minutes] = first.departureTime.split(':').map(Number);
    const [year, month, day] = first.journeyDate.split('-').map(Number);
    expect(first.ts).toBe(new Date(year!, month! - 1, day, hours, minutes).getTime());
    expect(events.every((event, i) => i === 0 || event.ts >= events[i - 1]!.ts)).toBe(true);

    const cutoff = Date.now() - 2 * DAY_MS;
    const recent = await runCli(REPLAYER_CLI, [file, '--clock', 'calendar', '--since', '48h', '--dry-run']);
    expect(recent.code, recent.stderr).toBe(0);
    const summary = JSON.parse(recent.stderr.trim().split('\n').at(-1)!) as { sent: number; skipped: number };
    const expected = events.filter((event) => event.ts >= cutoff).length;
    // The cutoff is taken a moment apart in the two processes: a flight or two may sit on the line.
    expect(Math.abs(summary.sent - expected)).toBeLessThanOrEqual(2);
    expect(summary.sent + summary.skipped).toBe(events.length);
    expect(summary.skipped).toBeGreaterThan(0);
  });

  it('refuses --since without the calendar clock, as a usage error', async () => {
    const result = await runCli(REPLAYER_CLI, [file, '--since', '1h', '--dry-run']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--since works with --clock calendar');
  });
});
