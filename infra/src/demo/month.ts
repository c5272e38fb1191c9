import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { APP_ENTRIES, appProcess } from '../appEntries.ts';
import { LOCAL_DIR } from '../paths.ts';
import { StackError } from '../stack.ts';

/** Days of history before today, and days after it: five whole weeks, so `--loop` goes on without a seam. */
export const MONTH_DAYS_BEFORE = 30;
export const MONTH_DAYS = 35;
/**
 * Flights on an average day: one every two seconds, about as many as the United States fly in a day. Dense enough
 * that a live minute moves (30 a minute on average, from 2 at night to 60 at the morning peak), sparse enough that
 * the month (1.3 million flights) is in InfluxDB about two minutes after the start.
 */
export const MONTH_PER_DAY = 43_200;
/** How far back the replay reaches: 30 days less an hour, so the oldest minute stays inside the 30-day retention. */
export const MONTH_SINCE_HOURS = MONTH_DAYS_BEFORE * 24 - 1;
export const MONTH_SINCE = `${MONTH_SINCE_HOURS}h`;

const DIR = join(LOCAL_DIR, 'demo');

/** YYYY-MM-DD of this machine's calendar. */
export function localDate(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** The first day of the demo's calendar for a start at `now`: 30 days back, on this machine's calendar. */
export function monthStart(now: number): string {
  const date = new Date(now);
  date.setDate(date.getDate() - MONTH_DAYS_BEFORE);
  return localDate(date.getTime());
}

/**
 * The demo's calendar file for today, generated on first use (seeded: the same day gives the same file, about
 * 5 s and 150 MB); yesterday's is removed. It is dated, unlike a sample: a month of real dates ending in five
 * days, so it is made again on a later day.
 */
export function ensureDemoMonth(now: number, log: (line: string) => void): string {
  const from = monthStart(now);
  const name = `calendar-${from}-${MONTH_DAYS}d.csv`;
  const file = join(DIR, name);
  if (existsSync(file)) return file;
  mkdirSync(DIR, { recursive: true });
  for (const old of readdirSync(DIR)) if (/^(calendar-.*|month-\d+)\.csv(\.part)?$/.test(old)) rmSync(join(DIR, old));
  log(
    `generating ${MONTH_DAYS} days of flights from ${from} (${MONTH_PER_DAY.toLocaleString('en-US')} on an average day, the real file's mix, hours and a weekly rhythm)`,
  );
  const entry = appProcess(APP_ENTRIES.replayer, [
    'generate',
    `${file}.part`,
    '--from',
    from,
    '--days',
    String(MONTH_DAYS),
    '--per-day',
    String(MONTH_PER_DAY),
  ]);
  // Its own "wrote … rows to ….part" would name a file that is renamed next: its output only when it fails.
  try {
    execFileSync(entry.command, entry.args, { cwd: entry.cwd, env: { ...process.env, ...entry.env }, stdio: 'pipe' });
  } catch (error) {
    throw new StackError(
      `generating the demo's calendar failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`,
    );
  }
  // Renamed when whole: a demo stopped while generating never replays half a month.
  renameSync(`${file}.part`, file);
  return file;
}
