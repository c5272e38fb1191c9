import { ensureDebianPackages } from '../apt.ts';

/** Playwright cannot download its browser here: the end-to-end specs drive Debian's Chromium. */
export function ensureChromium(log: (line: string) => void): void {
  ensureDebianPackages('chromium', ['chromium'], log);
}
