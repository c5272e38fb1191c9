import cliProgress from 'cli-progress';
import type { FileReport } from '../replay/replayFiles.ts';

/** Feedback while files replay: a bar per file on a terminal, silence otherwise. */
export interface ReplayProgress {
  startFile(file: string, size: number): void;
  update(file: string, bytesRead: number, report: FileReport): void;
  endFile(report: FileReport): void;
  stop(): void;
}

export const silentProgress: ReplayProgress = {
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

export function terminalProgress(stream: NodeJS.WriteStream): ReplayProgress {
  const bars = new cliProgress.MultiBar(
    {
      stream,
      clearOnComplete: false,
      hideCursor: true,
      etaBuffer: 50,
      format: ' {bar} {percentage}% | {name} | {rate} rows/s | sent {sent} | rejected {rejected} | ETA {eta_formatted}',
    },
    cliProgress.Presets.shades_classic,
  );
  const active = new Map<string, { bar: cliProgress.SingleBar; started: number }>();
  const name = (file: string) => (file.length > 40 ? `…${file.slice(-39)}` : file);
  const payload = (report: FileReport, started: number) => ({
    name: name(report.file),
    sent: report.sent.toLocaleString('en-US'),
    rejected: report.rejected.toLocaleString('en-US'),
    rate: Math.round(report.rows / Math.max(0.001, (performance.now() - started) / 1000)).toLocaleString('en-US'),
  });
  return {
    startFile(file, size) {
      const started = performance.now();
      active.set(file, { bar: bars.create(size, 0, payload({ file, pass: 0, rows: 0, sent: 0, rejected: 0 }, started)), started });
    },
    update(file, bytesRead, report) {
      const entry = active.get(file);
      entry?.bar.update(bytesRead, payload(report, entry.started));
    },
    endFile(report) {
      const entry = active.get(report.file);
      if (entry) {
        if (!report.error) entry.bar.update(entry.bar.getTotal(), payload(report, entry.started));
        entry.bar.stop();
        active.delete(report.file);
      }
    },
    stop() {
      bars.stop();
    },
  };
}
