import type { DashboardSnapshot, Dimension, EntityRow } from './dashboard.ts';

/**
 * A row that was there before, as what changed in it: its key, the fields
 * whose values changed, and the buckets of its series that changed
 * ([index, value] pairs): mostly the count and the current bucket.
 */
export interface RowPatch extends Partial<Omit<EntityRow, 'series'>> {
  key: string;
  patch: true;
  seriesAt?: [index: number, value: number][];
}

/** What changed in one dimension's rows: new rows whole, changed ones as patches, keys gone, the new order when it moved. */
export interface DimensionDelta {
  changed: (EntityRow | RowPatch)[];
  removed: string[];
  /** Every key in rank order, when the order is not the previous one's (a row moved, came or went). */
  order?: string[];
}

/**
 * What a browser that holds snapshot `base` needs to hold `seq`: the totals
 * and health (small, always), the frame when the buckets moved (a new
 * minute), and per dimension only the rows that changed. Sent over the
 * socket as SOCKET_EVENTS.delta to clients that asked for deltas.
 */
export interface SnapshotDelta {
  range: string;
  seq: number;
  base: number;
  generatedAt: number;
  frame?: Pick<DashboardSnapshot, 'resolution' | 'buckets' | 'from' | 'to' | 'live'>;
  totals: DashboardSnapshot['totals'];
  health: DashboardSnapshot['health'];
  dimensions: Partial<Record<Dimension, DimensionDelta>>;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** What changed from `old` to `row`; the whole row when the series cannot be patched (a moved frame). */
function patchRow(old: EntityRow, row: EntityRow): EntityRow | RowPatch {
  if ((old.series === undefined) !== (row.series === undefined) || old.series?.length !== row.series?.length)
    return row;
  const patch: RowPatch = { key: row.key, patch: true };
  const fields = new Set([...Object.keys(old), ...Object.keys(row)]);
  for (const field of fields) {
    if (field === 'series' || field === 'key') continue;
    const [a, b] = [old[field as keyof EntityRow], row[field as keyof EntityRow]];
    if (b === undefined && a !== undefined) return row;
    if (!sameJson(a, b)) Object.assign(patch, { [field]: b });
  }
  const seriesAt = (row.series ?? []).flatMap((value, i) =>
    value === old.series![i] ? [] : [[i, value] as [number, number]],
  );
  if (seriesAt.length) patch.seriesAt = seriesAt;
  return patch;
}

function diffRows(before: readonly EntityRow[], after: readonly EntityRow[]): DimensionDelta | undefined {
  const old = new Map(before.map((row) => [row.key, row]));
  const changed = after
    .filter((row) => !sameJson(old.get(row.key), row))
    .map((row) => (old.has(row.key) ? patchRow(old.get(row.key)!, row) : row));
  const kept = new Set(after.map((row) => row.key));
  const removed = before.filter((row) => !kept.has(row.key)).map((row) => row.key);
  const moved = before.length !== after.length || after.some((row, i) => before[i]!.key !== row.key);
  if (!changed.length && !removed.length && !moved) return undefined;
  return { changed, removed, ...(moved ? { order: after.map((row) => row.key) } : {}) };
}

/** The delta from `before` (version `base`) to `after` (version `seq`). */
export function diffSnapshots(
  before: DashboardSnapshot,
  after: DashboardSnapshot,
  base: number,
  seq: number,
): SnapshotDelta {
  const { resolution, buckets, from, to, live } = after;
  const frameMoved = before.from !== from || before.to !== to || before.buckets.length !== buckets.length;
  const dimensions: SnapshotDelta['dimensions'] = {};
  for (const dimension of Object.keys(after.dimensions) as Dimension[]) {
    const delta = diffRows(before.dimensions[dimension] ?? [], after.dimensions[dimension]);
    if (delta) dimensions[dimension] = delta;
  }
  return {
    range: after.range,
    seq,
    base,
    generatedAt: after.generatedAt,
    ...(frameMoved || before.live !== live ? { frame: { resolution, buckets, from, to, live } } : {}),
    totals: after.totals,
    health: after.health,
    dimensions,
  };
}

function applyRows(rows: readonly EntityRow[], delta: DimensionDelta | undefined): EntityRow[] {
  if (!delta) return rows as EntityRow[];
  const byKey = new Map(rows.map((row) => [row.key, row]));
  for (const key of delta.removed) byKey.delete(key);
  for (const row of delta.changed) byKey.set(row.key, 'patch' in row ? applyPatch(byKey.get(row.key), row) : row);
  const order = delta.order ?? rows.map((row) => row.key).filter((key) => byKey.has(key));
  return order.map((key) => byKey.get(key)).filter((row): row is EntityRow => row !== undefined);
}

function applyPatch(old: EntityRow | undefined, { patch: _patch, seriesAt, ...fields }: RowPatch): EntityRow {
  const row = { ...(old as EntityRow), ...fields };
  if (seriesAt && row.series) {
    row.series = [...row.series];
    for (const [i, value] of seriesAt) row.series[i] = value;
  }
  return row;
}

/** The snapshot a delta leads to from the one it was made against (the caller checks `base`). */
export function applyDelta(snapshot: DashboardSnapshot, delta: SnapshotDelta): DashboardSnapshot {
  const dimensions = {} as DashboardSnapshot['dimensions'];
  for (const dimension of Object.keys(snapshot.dimensions) as Dimension[])
    dimensions[dimension] = applyRows(snapshot.dimensions[dimension], delta.dimensions[dimension]);
  return {
    ...snapshot,
    ...delta.frame,
    seq: delta.seq,
    generatedAt: delta.generatedAt,
    totals: delta.totals,
    health: delta.health,
    dimensions,
  };
}
