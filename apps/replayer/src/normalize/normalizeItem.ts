import { compileFastCheck, FlightEventV1 } from '@flights/schemas';
import type { SourceItem } from '../readers/sourceItem.ts';
import type { UnstampedFlight } from '../rows/flightRow.ts';

export type ItemOutcome =
  | { ok: true; flight: UnstampedFlight }
  /** `reason` groups rejections for counting ("invalid Price"); `detail` says exactly what was wrong. */
  | { ok: false; reason: string; detail: string; raw: unknown };

/** NDJSON lines are events already; their time is set again by the replay clock. */
const UnstampedEvent = FlightEventV1.omit({ ts: true }).extend({ ts: FlightEventV1.shape.ts.optional() });

/** The compiled check first (a few hundred nanoseconds), zod only when it says no. */
const isUnstampedEvent = compileFastCheck(UnstampedEvent);

/**
 * Where a row a format has read breaks the event schema, or undefined. The
 * formats check each column's form; the schema also bounds what the
 * aggregator would refuse (a carrier InfluxDB tags cannot carry, a name too
 * long): the row is refused here, with the reason, before it is sent.
 */
function schemaProblem(flight: UnstampedFlight): { reason: string; detail: string } | undefined {
  if (isUnstampedEvent(flight)) return undefined;
  const parsed = UnstampedEvent.safeParse(flight);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  const path = issue?.path.join('.') || 'event';
  return { reason: `invalid ${path}`, detail: `invalid ${path}: ${issue?.message}` };
}

export function normalizeItem(item: SourceItem, file: string): ItemOutcome {
  if (item.kind === 'row') {
    if (item.problem)
      return { ok: false, reason: item.reason ?? 'wrong field count', detail: item.problem, raw: item.record };
    const result = item.format.parse(item.record, { file, row: item.row });
    if (!result.ok)
      return {
        ok: false,
        reason: result.column ? `invalid ${result.column}` : 'invalid row',
        detail: result.reason,
        raw: item.record,
      };
    const problem = schemaProblem(result.flight);
    return problem ? { ok: false, ...problem, raw: item.record } : result;
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
