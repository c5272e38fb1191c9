import { setTimeout as sleep } from 'node:timers/promises';

/** A text bar: "▓▓▓▓▓░░░░░ 48%". */
export function progressBar(fraction: number, width = 20): string {
  const clamped = Math.min(1, Math.max(0, fraction));
  const full = Math.round(clamped * width);
  return `${'▓'.repeat(full)}${'░'.repeat(width - full)} ${String(Math.floor(clamped * 100)).padStart(3)}%`;
}

/** How far the month is in: the newest minute InfluxDB holds, from the first day to the start of the replay. */
export function fillFraction(newestMinute: number | undefined, from: number, until: number): number {
  if (newestMinute === undefined || until <= from) return 0;
  return Math.min(1, Math.max(0, (newestMinute - from) / (until - from)));
}

export interface FillWatch {
  /** The time of the newest minute counted into InfluxDB, or undefined while there is none. */
  newestMinute: () => Promise<number | undefined>;
  from: number;
  /** When the replay started: the month is in once InfluxDB holds a minute this recent. */
  until: number;
  log: (line: string) => void;
  signal?: AbortSignal;
  /** Between looks at InfluxDB; a line is printed at each tenth of the way. */
  intervalMs?: number;
}

const day = (ms: number) => new Date(ms).toLocaleString('en-GB', { day: 'numeric', month: 'short', hour: '2-digit' });

/**
 * Prints a bar line at each tenth of the way while the month fills InfluxDB: lines, not one redrawn line, since
 * the demo's services print between them. Resolves true when the month is in, false when stopped.
 */
export async function watchMonthFill(watch: FillWatch): Promise<boolean> {
  const { from, until, log, signal } = watch;
  const twoMinutes = 2 * 60_000;
  let shown = -1;
  while (!signal?.aborted) {
    const newest = await watch.newestMinute().catch(() => undefined);
    const done = newest !== undefined && newest >= until - twoMinutes;
    const fraction = done ? 1 : fillFraction(newest, from, until);
    const tenth = Math.floor(fraction * 10);
    if (tenth > shown) {
      shown = tenth;
      log(`filling the month ${progressBar(fraction)}${newest === undefined ? '' : `  up to ${day(newest)}h`}`);
    }
    if (done) return true;
    await sleep(watch.intervalMs ?? 1000, undefined, { signal }).catch(() => undefined);
  }
  return false;
}
