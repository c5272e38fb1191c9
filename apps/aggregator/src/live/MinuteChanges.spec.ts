import { describe, expect, it } from 'vitest';
import { LIVE_WINDOW_MS, MEASUREMENTS, MINUTE_MS } from '@flights/schemas';
import { VALID_EVENT } from '@flights/schemas/eventCases';
import { addEvent, emptyMinute } from '../window/MinuteCounts.ts';
import type { MinuteSnapshot } from '../window/PartitionWindows.ts';
import { MinuteChanges } from './MinuteChanges.ts';

const START = Date.UTC(2026, 11, 5, 12, 0);

function minute(...carriers: string[]): MinuteSnapshot {
  const counts = emptyMinute();
  for (const carrier of carriers) addEvent(counts, { ...VALID_EVENT, carrier, ts: START });
  return { start: START, kind: 'minute', counts, version: carriers.length };
}

type Changes = { record: { measurement: string; tags: Record<string, string> } }[];
const carriersOf = (changes: Changes) =>
  changes
    .map((c) => c.record)
    .filter((r) => r.measurement === MEASUREMENTS.carrier)
    .map((r) => r.tags.carrier);

describe('MinuteChanges', () => {
  it('publishes every point of a new minute, with the stream, the fence and absolute values', () => {
    const records = new MinuteChanges().changes(1, 7, 'flight.events.v1/2', [minute('IndiGo', 'IndiGo')], 99);
    const total = records.map((c) => c.record).find((r) => r.measurement === MEASUREMENTS.total)!;
    expect(total).toMatchObject({ v: 1, stream: 'flight.events.v1/2', minute: START, fence: 7, at: 99 });
    expect(total.fields.flights).toBe(2);
    expect(carriersOf(records)).toEqual(['IndiGo']);
  });

  it('leaves out minutes older than the readers keep (a history replay is for InfluxDB alone)', () => {
    const old = { ...minute('IndiGo'), start: START - LIVE_WINDOW_MS - 2 * MINUTE_MS };
    expect(new MinuteChanges().changes(1, 7, 's', [old], START)).toEqual([]);
    expect(new MinuteChanges().changes(1, 7, 's', [minute('IndiGo')], START + LIVE_WINDOW_MS)).not.toEqual([]);
  });

  it('publishes again only the points whose fields changed', () => {
    const changes = new MinuteChanges();
    changes.changes(1, 7, 's', [minute('IndiGo')], 1);
    const next = changes.changes(1, 7, 's', [minute('IndiGo', 'Vistara')], 2);
    // The total changed, Vistara is new, IndiGo did not change.
    expect(carriersOf(next)).toEqual(['Vistara']);
    expect(next.map((c) => c.record).find((r) => r.measurement === MEASUREMENTS.total)?.fields.flights).toBe(2);
    expect(changes.changes(1, 7, 's', [minute('IndiGo', 'Vistara')], 3)).toEqual([]);
  });

  it('publishes everything again after a new join, under the new fence', () => {
    const changes = new MinuteChanges();
    changes.changes(1, 7, 's', [minute('IndiGo')], 1);
    const again = changes.changes(2, 9, 's', [minute('IndiGo')], 2);
    expect(carriersOf(again)).toEqual(['IndiGo']);
    expect(new Set(again.map((c) => c.record.fence))).toEqual(new Set([9]));
  });
});
