/** One pass over one file, as it goes: what progress shows while it runs and the summary lists at the end. */
export interface FileReport {
  file: string;
  /** 1 for the first pass; --loop counts on. */
  pass: number;
  rows: number;
  sent: number;
  rejected: number;
  /** Why the file stopped, when it failed. */
  error?: string;
}
