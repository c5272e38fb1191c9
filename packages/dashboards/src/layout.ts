import type { Panel } from './panels.ts';

/** Grid positions in a 24-column grid, left to right and wrapping, as both Grafana and Chronograf (w 0-12 scaled) lay out. */
export function layout(
  panels: readonly Panel[],
  columns = 24,
): { panel: Panel; x: number; y: number; w: number; h: number }[] {
  let x = 0;
  let y = 0;
  let rowHeight = 0;
  return panels.map((panel) => {
    if (x + panel.width > columns) {
      x = 0;
      y += rowHeight;
      rowHeight = 0;
    }
    const placed = { panel, x, y, w: panel.width, h: panel.height };
    x += panel.width;
    rowHeight = Math.max(rowHeight, panel.height);
    return placed;
  });
}

/** A panel's query with each placeholder replaced: `{time}`, `{interval}` and one per template variable. */
export function renderQuery(query: string, values: Record<string, string>): string {
  return query.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
