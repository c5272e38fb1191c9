import type { FieldSums } from '@flights/alerts';
import { type InfluxV1Client, quoteIdent } from '@flights/influx';
import { type Dimension, ENTITY_TAG, MEASUREMENTS, MINUTE_MS } from '@flights/schemas';

type Sums = Record<string, number>;

/**
 * The minutes older than the live edge, for rules whose windows reach past its two hours (up to a day): read from
 * InfluxDB's minutes each once, as they leave the edge (at a start, the whole day at once), and dropped when no
 * rule reaches them any more. Per dimension the rules name: minute → entity → field sums, as LiveMinutes holds.
 */
export class SettledMinutes {
  private readonly influx: InfluxV1Client;
  private readonly dimensions: (Dimension | undefined)[];
  private readonly spanMs: number;
  private readonly minutes = new Map<string, Map<number, Map<string, Sums>>>();
  private loadedTo: number | undefined;

  /** `spanMs`: how far back from now the longest rule reads. */
  constructor(influx: InfluxV1Client, dimensions: readonly (Dimension | undefined)[], spanMs: number) {
    this.influx = influx;
    this.dimensions = [...new Set(dimensions)];
    this.spanMs = spanMs;
  }

  /** The first minute held once loaded: the longest rule's reach from now. */
  from(now: number): number {
    return Math.floor((now - this.spanMs) / MINUTE_MS) * MINUTE_MS;
  }

  /** Whether [from(now), edgeStart) is held. */
  ready(edgeStart: number): boolean {
    return this.loadedTo === edgeStart;
  }

  /** Reads the minutes that left the edge since the last call, up to `edgeStart`; throws when InfluxDB fails. */
  async refresh(now: number, edgeStart: number): Promise<void> {
    const from = Math.max(this.from(now), this.loadedTo ?? Number.NEGATIVE_INFINITY);
    if (!this.dimensions.length || from >= edgeStart) return;
    const answers = await this.influx.queryEach(
      this.dimensions.map((dimension) => {
        const by = dimension ? `, ${quoteIdent(ENTITY_TAG[dimension])}` : '';
        return (
          `SELECT sum(*) FROM ${quoteIdent(MEASUREMENTS[dimension ?? 'total'])} WHERE time >= ${from}ms AND ` +
          `time < ${edgeStart}ms GROUP BY time(1m)${by} fill(none)`
        );
      }),
    );
    this.dimensions.forEach((dimension, i) => {
      const held = this.held(dimension);
      for (const { tags, rows } of answers[i] ?? []) {
        const entity = dimension ? (tags[ENTITY_TAG[dimension]] ?? '') : '';
        for (const row of rows) {
          const minute = Number(row.time);
          let entities = held.get(minute);
          if (!entities) held.set(minute, (entities = new Map()));
          entities.set(entity, fieldSums(row));
        }
      }
      for (const minute of held.keys()) if (minute < this.from(now)) held.delete(minute);
    });
    this.loadedTo = edgeStart;
  }

  /** Field sums per entity over the held minutes of [from, to). */
  sums(dimension: Dimension | undefined, from: number, to: number): Map<string, FieldSums> {
    const out = new Map<string, Sums>();
    for (const [minute, entities] of this.held(dimension)) {
      if (minute < from || minute >= to) continue;
      for (const [entity, sums] of entities) {
        let total = out.get(entity);
        if (!total) out.set(entity, (total = {}));
        for (const [field, value] of Object.entries(sums)) total[field] = (total[field] ?? 0) + value;
      }
    }
    return out;
  }

  private held(dimension: Dimension | undefined): Map<number, Map<string, Sums>> {
    const key = dimension ?? 'total';
    let held = this.minutes.get(key);
    if (!held) this.minutes.set(key, (held = new Map()));
    return held;
  }
}

/** `sum(*)` names its columns sum_<field>. */
export function fieldSums(row: Record<string, unknown>): Sums {
  return Object.fromEntries(
    Object.entries(row)
      .filter(([column, value]) => column.startsWith('sum_') && typeof value === 'number')
      .map(([column, value]) => [column.slice(4), value as number]),
  );
}

/** Two sets of per-entity sums as one. */
export function addSums(a: ReadonlyMap<string, FieldSums>, b: ReadonlyMap<string, FieldSums>): Map<string, FieldSums> {
  const out = new Map<string, Sums>([...a].map(([entity, sums]) => [entity, { ...sums }]));
  for (const [entity, sums] of b) {
    const total = out.get(entity) ?? {};
    for (const [field, value] of Object.entries(sums)) total[field] = (total[field] ?? 0) + value;
    out.set(entity, total);
  }
  return out;
}
