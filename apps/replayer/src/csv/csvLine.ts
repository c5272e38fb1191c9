/** RFC 4180 quoting: only fields that need it, so output diffs cleanly against the input. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(cells: readonly string[]): string {
  return `${cells.map(csvField).join(',')}\n`;
}
