import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeadLetter, FlightEvent } from '@flights/schemas';
import { scheduledDeparture, type ReplayClock } from '../clock/replayClock.ts';
import { normalizeItem } from '../normalize/normalizeItem.ts';
import type { UnstampedFlight } from '../normalize/parseKaggleRow.ts';
import { TokenBucket } from '../pace/TokenBucket.ts';
import type { ReplayProgress } from '../progress/ReplayProgress.ts';
import { FileError } from '../readers/FileError.ts';
import type { FormatOptions } from '../formats/bindFormat.ts';
import { openRows } from '../readers/openRows.ts';
import type { EventSink } from '../sinks/EventSink.ts';

export interface ReplayOptions {
  files: string[];
  sink: EventSink;
  clock: ReplayClock;
  /** Events per second; unlimited when absent. */
  rate?: number;
  /** Passes over the files; Infinity loops until stopped. */
  loops: number;
  /** Stop after this many valid events. */
  limit?: number;
  progress: ReplayProgress;
  signal?: AbortSignal;
  /** Counts kept up to date while the replay runs (for /metrics); the summary gives the same at the end. */
  live?: LiveCounts;
  /** How table files are read (`--map`); by default each file's format is detected from its header. */
  formats?: FormatOptions;
}

/** What a running replay has done so far. */
export interface LiveCounts {
  rows: number;
  sent: number;
  failedFiles: number;
  rejectedByReason: Record<string, number>;
}

export const emptyLiveCounts = (): LiveCounts => ({ rows: 0, sent: 0, failedFiles: 0, rejectedByReason: {} });

export interface FileReport {
  file: string;
  pass: number;
  rows: number;
  sent: number;
  rejected: number;
  error?: string;
}

export interface ReplaySummary {
  files: FileReport[];
  /** Valid events handed to the sink. */
  sent: number;
  /** Of those, confirmed by the destination. */
  acknowledged: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  deadLettered: number;
  failedFiles: number;
  deliveryError?: string;
  elapsedMs: number;
  /** Peak resident memory of the process: large files must stay flat. */
  peakRssMb: number;
}

class StopReplay extends Error {}

export async function replayFiles(options: ReplayOptions): Promise<ReplaySummary> {
  const { sink, clock, progress } = options;
  const started = performance.now();
  const bucket = options.rate ? new TokenBucket(options.rate) : undefined;
  const reports: FileReport[] = [];
  const live = options.live ?? emptyLiveCounts();
  const rejectedByReason = live.rejectedByReason;
  let deliveryError: string | undefined;
  const stopped = () => options.signal?.aborted || (options.limit !== undefined && live.sent >= options.limit);

  // History mode's first pass: every input's flights, placed in the past together, so time never runs backwards between files.
  const held: { flight: UnstampedFlight; report: FileReport }[] = [];

  async function emit(flight: UnstampedFlight, report: FileReport, paced = true): Promise<void> {
    if (bucket && paced) await bucket.take();
    if (clock.mode === 'schedule') {
      const due = clock.eventTime(flight) - Date.now();
      if (due > 0) await sleep(due, undefined, { signal: options.signal }).catch(() => undefined);
      if (options.signal?.aborted) throw new StopReplay();
    }
    const event: FlightEvent = { ...flight, ts: clock.eventTime(flight) };
    sink.send(event);
    live.sent += 1;
    report.sent += 1;
    if (sink.backlogged) await sink.ready();
  }

  /** Sends the held flights in scheduled order, stamped across the history span, unpaced. */
  async function emitHeld(): Promise<void> {
    if (held.length === 0) return;
    const order = held.map((entry) => ({ ...entry, at: scheduledDeparture(entry.flight) })).sort((a, b) => a.at - b.at);
    held.length = 0;
    clock.place?.(order[0]!.at, order.at(-1)!.at);
    for (const { flight, report } of order) {
      if (stopped()) break;
      await emit(flight, report, false);
    }
  }

  async function replayOne(file: string, pass: number): Promise<void> {
    const report: FileReport = { file, pass, rows: 0, sent: 0, rejected: 0 };
    reports.push(report);
    try {
      const source = await openRows(file, options.formats);
      progress.startFile(file, source.size);
      // Schedule mode sends in scheduled order, so it holds one file's flights at a time.
      const scheduled: UnstampedFlight[] = [];
      // Events and dead letters name the file, not where it lies: a full path leaks the user's folders into
      // every event (and costs bytes on each). Ids already hash the name alone.
      const name = basename(file);
      for await (const item of source.items) {
        if (stopped()) break;
        report.rows += 1;
        live.rows += 1;
        const outcome = normalizeItem(item, name);
        if (outcome.ok) {
          if (clock.mode === 'schedule') scheduled.push(outcome.flight);
          else if (clock.holdsPass?.()) held.push({ flight: outcome.flight, report });
          else await emit(outcome.flight, report);
        } else {
          report.rejected += 1;
          rejectedByReason[outcome.reason] = (rejectedByReason[outcome.reason] ?? 0) + 1;
          const letter: DeadLetter = {
            v: 1, stage: 'replayer', reason: outcome.reason, detail: outcome.detail,
            origin: { file: name, row: item.row }, raw: outcome.raw, at: Date.now(),
          };
          sink.reject(letter);
        }
        if ((report.rows & 63) === 0) progress.update(file, source.position(), report);
      }
      if (scheduled.length) {
        scheduled.sort((a, b) => scheduledDeparture(a) - scheduledDeparture(b));
        for (const flight of scheduled) {
          if (stopped()) break;
          await emit(flight, report);
        }
      }
      progress.update(file, source.position(), report);
    } catch (error) {
      if (error instanceof StopReplay) return;
      if (!(error instanceof FileError)) throw error;
      report.error = error.message;
      live.failedFiles += 1;
    } finally {
      progress.endFile(report);
    }
  }

  progress.startRun(Number.isFinite(options.loops) ? options.files.length * options.loops : undefined);
  try {
    for (let pass = 1; pass <= options.loops && !stopped(); pass += 1) {
      clock.startPass();
      for (const file of options.files) {
        if (stopped()) break;
        await replayOne(file, pass);
      }
      await emitHeld();
    }
    await sink.close();
  } catch (error) {
    if (!sink.failure) throw error;
    await sink.close().catch(() => undefined);
  } finally {
    progress.stop();
  }
  if (sink.failure) deliveryError = sink.failure.message;
  return {
    files: reports,
    sent: live.sent,
    acknowledged: sink.acknowledged,
    rejected: reports.reduce((sum, r) => sum + r.rejected, 0),
    rejectedByReason,
    deadLettered: sink.deadLettered,
    failedFiles: reports.filter((r) => r.error).length,
    ...(deliveryError ? { deliveryError } : {}),
    elapsedMs: Math.round(performance.now() - started),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
