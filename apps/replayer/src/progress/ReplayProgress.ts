import cliProgress from 'cli-progress';
import type { FileReport } from './FileReport.ts';

/** Feedback while files replay: a bar per file on a terminal (and one for the whole run over several files), silence otherwise. */
export interface ReplayProgress {
  /** The files the run will read, all passes together; undefined when it loops forever. */
  startRun(files: number | undefined): void;
  /** `size` in the unit of the positions that follow (bytes, or rows of a workbook). */
  startFile(file: string, size: number): void;
  update(file: string, position: number, report: FileReport): void;
  endFile(report: FileReport): void;
  stop(): void;
}

export const silentProgress: ReplayProgress = {
  startRun() {},
  startFile() {},
  update() {},
  endFile() {},
  stop() {},
};

/** File errors are printed at once, one line each, whatever the output mode. */
export function reportingErrors(inner: ReplayProgress, write: (line: string) => void): ReplayProgress {
  return {
    ...inner,
    endFile(report) {
      inner.endFile(report);
      if (report.error) write(`error: ${report.error}`);
    },
  };
}

/** Resolution of the run bar: each file is this many steps of it. */
const RUN_STEPS_PER_FILE = 1000;
/** Fits 80 columns with a 16-character name: "▓▓▓░░ 42% Data_Train.xlsx 1,234/s sent 9,999 rej 0 ETA 12s". */
const NAME_WIDTH = 16;

export const shortName = (file: string) => {
  const base = file.split('/').at(-1) ?? file;
  return base.length > NAME_WIDTH ? `…${base.slice(-(NAME_WIDTH - 1))}` : base;
};

export function terminalProgress(stream: NodeJS.WriteStream): ReplayProgress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      etaBuffer: 20,
      barsize: 16,
      format: '{bar} {percentage}% {name} {rate}/s sent {sent} rej {rejected} ETA {eta_formatted}',
    },
    cliProgress.Presets.shades_classic,
  );
  const active = new Map<string, { bar: cliProgress.SingleBar; started: number }>();
  let run: { bar: cliProgress.SingleBar; done: number; files: number; started: number } | undefined;
  const payload = (name: string, report: Pick<FileReport, 'rows' | 'sent' | 'rejected'>, started: number) => ({
    name: name.padEnd(NAME_WIDTH),
    sent: report.sent.toLocaleString('en-US'),
    rejected: report.rejected.toLocaleString('en-US'),
    rate: Math.round(report.rows / Math.max(0.001, (performance.now() - started) / 1000)).toLocaleString('en-US'),
  });
  const totals = { rows: 0, sent: 0, rejected: 0 };
  const updateRun = (fraction: number, report?: FileReport) => {
    if (!run) return;
    const current = report
      ? {
          rows: totals.rows + report.rows,
          sent: totals.sent + report.sent,
          rejected: totals.rejected + report.rejected,
        }
      : totals;
    run.bar.update(
      Math.round((run.done + fraction) * RUN_STEPS_PER_FILE),
      payload(`all ${run.done}/${run.files}`, current, run.started),
    );
  };
  return {
    startRun(files) {
      if (files === undefined || files < 2) return;
      const started = performance.now();
      run = {
        bar: bars.create(files * RUN_STEPS_PER_FILE, 0, payload(`all 0/${files}`, totals, started)),
        done: 0,
        files,
        started,
      };
    },
    startFile(file, size) {
      const started = performance.now();
      active.set(file, {
        bar: bars.create(Math.max(1, size), 0, payload(shortName(file), { rows: 0, sent: 0, rejected: 0 }, started)),
        started,
      });
    },
    update(file, position, report) {
      const entry = active.get(file);
      if (!entry) return;
      entry.bar.update(Math.min(position, entry.bar.getTotal()), payload(shortName(file), report, entry.started));
      updateRun(Math.min(1, position / entry.bar.getTotal()), report);
    },
    endFile(report) {
      const entry = active.get(report.file);
      if (!entry) return;
      if (!report.error) entry.bar.update(entry.bar.getTotal(), payload(shortName(report.file), report, entry.started));
      entry.bar.stop();
      active.delete(report.file);
      // Finished files leave the screen when a run bar sums them up: ten chunk files stay readable.
      if (run) bars.remove(entry.bar);
      totals.rows += report.rows;
      totals.sent += report.sent;
      totals.rejected += report.rejected;
      if (run) run.done += 1;
      updateRun(0);
    },
    stop() {
      bars.stop();
    },
  };
}
