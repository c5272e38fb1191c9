import { createReadStream } from 'node:fs';
import { Parse, type Entry } from 'unzipper';
import type { ZipEntry } from './zipDirectory.ts';

/** How far a workbook may inflate; each raised by the variable named beside it. */
export interface XlsxLimits {
  /** All entries together, inflated, in bytes (REPLAYER_XLSX_MAX_MB; default 1024 MB: Data_Train.xlsx is 6 MB). */
  maxInflatedBytes: number;
  /** Inflated over compressed size of any entry above 1 MB inflated (REPLAYER_XLSX_MAX_RATIO; default 200: real sheets are 7 to 9). */
  maxRatio: number;
}

export const XLSX_LIMITS: XlsxLimits = {
  maxInflatedBytes: Number(process.env.REPLAYER_XLSX_MAX_MB ?? 1024) * 1024 * 1024,
  maxRatio: Number(process.env.REPLAYER_XLSX_MAX_RATIO ?? 200),
};

/** Entries smaller than this inflated are not held to the ratio: a tiny XML part compresses far on its own. */
const RATIO_FLOOR_BYTES = 1024 * 1024;
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;

function totalProblem(total: number, limits: XlsxLimits): string {
  return `inflates to ${mb(total)}, over the limit of ${mb(limits.maxInflatedBytes)} for a workbook (REPLAYER_XLSX_MAX_MB raises it)`;
}

function ratioProblem(name: string, compressed: number, inflated: number, limits: XlsxLimits): string | undefined {
  const ratio = inflated / Math.max(1, compressed);
  if (inflated <= RATIO_FLOOR_BYTES || ratio <= limits.maxRatio) return undefined;
  return `entry ${name} inflates ${Math.round(ratio).toLocaleString('en-US')} times its size (${mb(inflated)} from ${compressed.toLocaleString('en-US')} bytes), over the limit of ${limits.maxRatio} (a zip bomb? REPLAYER_XLSX_MAX_RATIO raises it)`;
}

/**
 * What is wrong with a workbook's declared sizes, or undefined: a decompression
 * bomb (a few kilobytes inflating to gigabytes of shared strings) is refused
 * from its zip directory, before a byte is inflated. The directory may lie:
 * inflatedBoundsProblem then measures what really inflates.
 */
export function xlsxBoundsProblem(entries: readonly ZipEntry[], limits: XlsxLimits = XLSX_LIMITS): string | undefined {
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > limits.maxInflatedBytes) return totalProblem(total, limits);
  for (const entry of entries) {
    const problem = ratioProblem(entry.name, entry.compressedSize, entry.uncompressedSize, limits);
    if (problem) return problem;
  }
  return undefined;
}

/**
 * The same bounds on what really inflates: the workbook streamed through
 * the zip parser exceljs reads it with (local headers, not the directory),
 * each entry's inflated bytes counted as they come, and the read aborted the
 * moment the running total passes the limit. Nothing is kept, so a zip whose
 * headers lie about its sizes is refused in constant memory, before exceljs
 * caches a single shared string.
 */
/** How long the parser may sit idle after the whole file was read before the pass ends. */
const SETTLE_MS = 200;

export function inflatedBoundsProblem(file: string, limits: XlsxLimits = XLSX_LIMITS): Promise<string | undefined> {
  const input = createReadStream(file);
  const zip = input.pipe(Parse());
  let total = 0;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (problem: string | undefined) => {
      if (settled) return;
      settled = true;
      input.destroy();
      zip.destroy();
      resolve(problem);
    };
    // A damaged zip fails on the parser, the input or one entry's inflate: each is the same refusal.
    const unreadable = (error: Error) => finish(`is not a readable xlsx workbook (${error.message})`);
    input.on('error', unreadable);
    zip.on('error', unreadable);
    zip.on('close', () => finish(undefined));
    // Bytes after the last record (a stray byte past the end record) leave the parser waiting for a signature
    // that never comes: once the file is read and nothing has inflated for a while, what was there is counted.
    let lastProgress = Date.now();
    input.on('end', () => {
      const idle = setInterval(() => {
        if (settled || Date.now() - lastProgress >= SETTLE_MS) {
          clearInterval(idle);
          finish(undefined);
        }
      }, SETTLE_MS / 2);
    });
    zip.on('entry', (entry: Entry) => {
      let inflated = 0;
      entry.on('error', unreadable);
      entry.on('data', (chunk: Buffer) => {
        lastProgress = Date.now();
        inflated += chunk.length;
        total += chunk.length;
        if (total > limits.maxInflatedBytes) return finish(totalProblem(total, limits));
        const problem =
          entry.vars.compressedSize > 0
            ? ratioProblem(entry.path, entry.vars.compressedSize, inflated, limits)
            : undefined;
        if (problem) finish(problem);
      });
    });
  });
}
