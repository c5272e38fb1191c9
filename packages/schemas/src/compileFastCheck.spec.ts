import { describe, expect, it } from 'vitest';
import { compileFastCheck } from './compileFastCheck.ts';
import { FlightEventV1 } from './flightEvent.ts';
import { EVENT_CASES, VALID_EVENT } from './flightEventCases.ts';

const fastCheck = compileFastCheck(FlightEventV1);

describe('compileFastCheck', () => {
  it('never accepts what zod rejects, and accepts every valid event with no unknown keys', () => {
    for (const [name, value] of Object.entries(EVENT_CASES)) {
      const zodSays = FlightEventV1.safeParse(value).success;
      if (fastCheck(value)) expect(zodSays, name).toBe(true);
      else if (name !== 'unknown keys (stripped)') expect(zodSays, name).toBe(false);
    }
  });

  it('counts string lengths in code points, as zod does', () => {
    expect(fastCheck(EVENT_CASES['carrier of 100 two-unit characters'])).toBe(true);
    expect(fastCheck(EVENT_CASES['carrier of 101 two-unit characters'])).toBe(false);
  });

  it('leaves unknown keys to zod', () => {
    expect(fastCheck({ ...VALID_EVENT, extra: 1 })).toBe(false);
  });
});
