import { FlightEventV1 } from '@flights/schemas';
import type { SourceItem } from '../readers/sourceItem.ts';
import type { UnstampedFlight } from './parseKaggleRow.ts';

export type ItemOutcome =
  | { ok: true; flight: UnstampedFlight }
  /** `reason` groups rejections for counting ("invalid Price"); `detail` says exactly what was wrong. */
  | { ok: false; reason: string; detail: string; raw: unknown };

/** NDJSON lines are events already; their time is set again by the replay clock. */
const UnstampedEvent = FlightEventV1.omit({ ts: true }).extend({ ts: FlightEventV1.shape.ts.optional() });

export function normalizeItem(item: SourceItem, file: string): ItemOutcome {
  if (item.kind === 'row') {
    if (item.problem) return { ok: false, reason: item.reason ?? 'wrong field count', detail: item.problem, raw: item.record };
    const result = item.format.parse(item.record, { file, row: item.row });
    if (result.ok) return result;
    return { ok: false, reason: result.column ? `invalid ${result.column}` : 'invalid row', detail: result.reason, raw: item.record };
  }
  let value: unknown;
  try {
    value = JSON.parse(item.line);
  } catch {
    return { ok: false, reason: 'not JSON', detail: `line ${item.row} is not JSON`, raw: item.line.slice(0, 2000) };
  }
  const parsed = UnstampedEvent.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue?.path.join('.') || 'event';
    return { ok: false, reason: `invalid ${path}`, detail: `invalid ${path}: ${issue?.message}`, raw: value };
  }
  const { ts: _ignored, ...flight } = parsed.data;
  return { ok: true, flight };
}
