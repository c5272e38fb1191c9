import { basename } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReplayClock } from '../clock/replayClock.ts';
import type { FormatOptions } from '../formats/bindFormat.ts';
import { TokenBucket } from '../pace/TokenBucket.ts';
import { stampedBody, type PreparedBatch } from '../prepare/PreparedBatch.ts';
import { PreparingThread } from '../prepare/PreparingThread.ts';
import type { FileReport } from '../progress/FileReport.ts';
import type { ReplayProgress } from '../progress/ReplayProgress.ts';
import { FileError } from '../readers/FileError.ts';
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
  /** Valid flights left out: timed before the calendar clock's --since. */
  skipped: number;
}

export const emptyLiveCounts = (): LiveCounts => ({
  rows: 0,
  sent: 0,
  failedFiles: 0,
  rejectedByReason: {},
  skipped: 0,
});

export interface ReplaySummary {
  files: FileReport[];
  /** Valid events handed to the sink. */
  sent: number;
  /** Of those, confirmed by the destination. */
  acknowledged: number;
  rejected: number;
  rejectedByReason: Record<string, number>;
  /** Valid flights left out by --since (calendar clock). */
  skipped: number;
  deadLettered: number;
  failedFiles: number;
  deliveryError?: string;
  elapsedMs: number;
  /** Peak resident memory of the process: large files must stay flat. */
  peakRssMb: number;
}

class StopReplay extends Error {}

/** An event ready to stamp and send: its key, its JSON without `ts`, its scheduled departure. */
interface ReadyEvent {
  key: string;
  body: string;
  scheduled: number;
  report: FileReport;
}

const byScheduled = (a: ReadyEvent, b: ReadyEvent) => a.scheduled - b.scheduled;

/**
 * One replay: its files, pass after pass, into the sink. Each file is read
 * by the preparing thread and handed over batch by batch; its events are
 * sent as they come (clocks "now" and "calendar", the latter waiting for
 * each flight's time), sorted by schedule first ("schedule"), or held until
 * every file of the first pass is in ("history"), so time never runs
 * backwards between files.
 */
class ReplayRun {
  private readonly started = performance.now();
  private readonly bucket: TokenBucket | undefined;
  private readonly reports: FileReport[] = [];
  private readonly live: LiveCounts;
  private readonly preparing = new PreparingThread();
  /** History mode's first pass: every input's flights, placed in the past together. */
  private readonly held: ReadyEvent[] = [];
  private readonly options: ReplayOptions;

  constructor(options: ReplayOptions) {
    this.options = options;
    this.bucket = options.rate ? new TokenBucket(options.rate) : undefined;
    this.live = options.live ?? emptyLiveCounts();
  }

  private stopped(): boolean {
    const { signal, limit } = this.options;
    return Boolean(signal?.aborted) || (limit !== undefined && this.live.sent >= limit);
  }

  private async emit({ key, body, scheduled, report }: ReadyEvent, paced = true): Promise<void> {
    const { clock, sink, signal } = this.options;
    const time = clock.eventTime(scheduled);
    if (clock.earliest !== undefined && time < clock.earliest) {
      this.live.skipped += 1;
      return;
    }
    if (this.bucket && paced) await this.bucket.take();
    const timed = clock.mode === 'schedule' || clock.mode === 'calendar';
    if (timed) {
      const due = time - Date.now();
      if (due > 0) await sleep(due, undefined, { signal }).catch(() => undefined);
      if (signal?.aborted) throw new StopReplay();
    }
    // A clock that stamps the moment of sending (now, history's live passes) is asked again after the pacing.
    sink.send(key, stampedBody(body, timed ? time : clock.eventTime(scheduled)));
    this.live.sent += 1;
    report.sent += 1;
    if (sink.backlogged) await sink.ready();
  }

  /** Sends events sorted by scheduled departure: a schedule-mode file (paced), or history's held pass (unpaced). */
  private async emitInOrder(events: readonly ReadyEvent[], paced: boolean): Promise<void> {
    for (const event of events) {
      if (this.stopped()) break;
      await this.emit(event, paced);
    }
  }

  /** History's first pass: placed across the span from its first to its last scheduled departure, then sent. */
  private async emitHeld(): Promise<void> {
    if (this.held.length === 0) return;
    const order = this.held.splice(0).sort(byScheduled);
    this.options.clock.place?.(order[0]!.scheduled, order.at(-1)!.scheduled);
    await this.emitInOrder(order, false);
  }

  /** One batch of a file, row by row in file order: events sent, held or kept for the schedule; rejections dead-lettered. */
  private async takeBatch(batch: PreparedBatch, report: FileReport, scheduled: ReadyEvent[]): Promise<void> {
    const { clock, sink } = this.options;
    let event = 0;
    let letter = 0;
    for (const kind of batch.kinds) {
      if (this.stopped()) return;
      report.rows += 1;
      this.live.rows += 1;
      if (kind === 1) {
        const ready = {
          key: batch.keys[event]!,
          body: batch.bodies[event]!,
          scheduled: batch.scheduled[event]!,
          report,
        };
        event += 1;
        if (clock.mode === 'schedule') scheduled.push(ready);
        else if (clock.holdsPass?.()) this.held.push(ready);
        else await this.emit(ready);
      } else {
        const deadLetter = batch.letters[letter++]!;
        report.rejected += 1;
        const byReason = this.live.rejectedByReason;
        byReason[deadLetter.reason] = (byReason[deadLetter.reason] ?? 0) + 1;
        sink.reject(deadLetter);
      }
    }
  }

  private async replayOne(file: string, pass: number): Promise<void> {
    const { progress } = this.options;
    const report: FileReport = { file, pass, rows: 0, sent: 0, rejected: 0 };
    this.reports.push(report);
    try {
      // Events and dead letters name the file, not where it lies: a full path leaks the user's folders into
      // every event (and costs bytes on each). Ids already hash the name alone.
      const source = await this.preparing.open(file, basename(file), this.options.formats ?? {});
      progress.startFile(file, source.size);
      // Schedule mode sends in scheduled order, so it holds one file's flights at a time.
      const scheduled: ReadyEvent[] = [];
      let position = 0;
      for await (const batch of source.batches) {
        await this.takeBatch(batch, report, scheduled);
        position = batch.position;
        progress.update(file, position, report);
        if (this.stopped()) break;
      }
      await this.emitInOrder(scheduled.sort(byScheduled), true);
      progress.update(file, position, report);
    } catch (error) {
      if (error instanceof StopReplay) return;
      if (!(error instanceof FileError)) throw error;
      report.error = error.message;
      this.live.failedFiles += 1;
    } finally {
      progress.endFile(report);
    }
  }

  async run(): Promise<ReplaySummary> {
    const { sink, progress, files, loops, clock } = this.options;
    progress.startRun(Number.isFinite(loops) ? files.length * loops : undefined);
    try {
      for (let pass = 1; pass <= loops && !this.stopped(); pass += 1) {
        clock.startPass();
        for (const file of files) {
          if (this.stopped()) break;
          await this.replayOne(file, pass);
        }
        await this.emitHeld();
      }
      await sink.close();
    } catch (error) {
      if (!sink.failure) throw error;
      await sink.close().catch(() => undefined);
    } finally {
      await this.preparing.close();
      progress.stop();
    }
    return this.summary();
  }

  private summary(): ReplaySummary {
    const { sink } = this.options;
    const deliveryError = sink.failure?.message;
    return {
      files: this.reports,
      sent: this.live.sent,
      acknowledged: sink.acknowledged,
      rejected: this.reports.reduce((sum, r) => sum + r.rejected, 0),
      rejectedByReason: this.live.rejectedByReason,
      skipped: this.live.skipped,
      deadLettered: sink.deadLettered,
      failedFiles: this.reports.filter((r) => r.error).length,
      ...(deliveryError ? { deliveryError } : {}),
      elapsedMs: Math.round(performance.now() - this.started),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
  }
}

export function replayFiles(options: ReplayOptions): Promise<ReplaySummary> {
  return new ReplayRun(options).run();
}
