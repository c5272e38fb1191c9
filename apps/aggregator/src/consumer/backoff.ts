/** Exponential backoff with a ceiling: 0.5 s, 1 s, 2 s ... 30 s. */
export function backoffMs(attempt: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, attempt - 1));
}
