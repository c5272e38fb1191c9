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

/**
 * What is wrong with a workbook's declared sizes, or undefined: a decompression
 * bomb (a few kilobytes inflating to gigabytes of shared strings) is refused
 * from its zip directory, before a byte is inflated.
 */
export function xlsxBoundsProblem(entries: readonly ZipEntry[], limits: XlsxLimits = XLSX_LIMITS): string | undefined {
  const total = entries.reduce((sum, entry) => sum + entry.uncompressedSize, 0);
  if (total > limits.maxInflatedBytes) {
    return `inflates to ${mb(total)}, over the limit of ${mb(limits.maxInflatedBytes)} for a workbook (REPLAYER_XLSX_MAX_MB raises it)`;
  }
  for (const entry of entries) {
    const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
    if (entry.uncompressedSize > RATIO_FLOOR_BYTES && ratio > limits.maxRatio) {
      return `entry ${entry.name} inflates ${Math.round(ratio).toLocaleString('en-US')} times its size (${mb(entry.uncompressedSize)} from ${entry.compressedSize.toLocaleString('en-US')} bytes), over the limit of ${limits.maxRatio} (a zip bomb? REPLAYER_XLSX_MAX_RATIO raises it)`;
    }
  }
  return undefined;
}
