import { describe, expect, it } from 'vitest';
import { compileFastCheck } from './compileFastCheck.ts';
import { FlightEventV1 } from './flightEvent.ts';
import { EVENT_CASES, VALID_EVENT } from './flightEventCases.ts';

const fastCheck = compileFastCheck(FlightEventV1);
/** Valid events the fast path leaves to zod: unknown keys (zod strips them), strings long in UTF-16 units but not in code points. */
const LEFT_TO_ZOD = new Set(['unknown keys (stripped)', 'carrier of 100 two-unit characters']);

describe('compileFastCheck', () => {
  it('never accepts what zod rejects, and accepts every other valid event', () => {
    for (const [name, value] of Object.entries(EVENT_CASES)) {
      const zodSays = FlightEventV1.safeParse(value).success;
      if (fastCheck(value)) expect(zodSays, name).toBe(true);
      else if (!LEFT_TO_ZOD.has(name)) expect(zodSays, name).toBe(false);
    }
  });

  it('counts string lengths in UTF-16 units: stricter than zod at a maximum (zod then decides), never looser', () => {
    expect(fastCheck(EVENT_CASES['carrier of 100 two-unit characters'])).toBe(false);
    expect(FlightEventV1.safeParse(EVENT_CASES['carrier of 100 two-unit characters']).success).toBe(true);
    expect(fastCheck(EVENT_CASES['carrier of 101 two-unit characters'])).toBe(false);
    expect(fastCheck({ ...VALID_EVENT, carrier: 'x'.repeat(100) })).toBe(true);
    expect(fastCheck({ ...VALID_EVENT, carrier: '\u{1F6EB}' })).toBe(true);
  });

  it('leaves unknown keys to zod', () => {
    expect(fastCheck({ ...VALID_EVENT, extra: 1 })).toBe(false);
  });
});
