import { describe, expect, it } from 'vitest';
import { FlightEventV1, parseFlightEvent } from './flightEvent.ts';
import { EVENT_CASES, VALID_EVENT } from './flightEventCases.ts';

describe('parseFlightEvent', () => {
  it('decides exactly as the zod schema does, and returns what zod returns', () => {
    for (const [name, value] of Object.entries(EVENT_CASES)) {
      const zod = FlightEventV1.safeParse(value);
      const parsed = parseFlightEvent(new TextEncoder().encode(JSON.stringify(value) ?? 'undefined'));
      expect(parsed.ok, name).toBe(zod.success);
      if (parsed.ok && zod.success) expect(parsed.event, name).toEqual(zod.data);
    }
  });

  it('strips unknown keys', () => {
    const parsed = parseFlightEvent(JSON.stringify(EVENT_CASES['unknown keys (stripped)']));
    expect(parsed).toEqual({ ok: true, event: VALID_EVENT });
  });

  it('names the first field that is wrong', () => {
    expect(parseFlightEvent(JSON.stringify(EVENT_CASES['lower-case airport']))).toEqual({
      ok: false,
      reason: 'invalid departureAirport: expected a 3-letter IATA code',
    });
    expect(parseFlightEvent(JSON.stringify(EVENT_CASES['carrier of 101 two-unit characters']))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^invalid carrier: /),
    });
  });

  it('refuses tag values line protocol cannot carry, with the reason, and keeps those it escapes', () => {
    const reason = 'contains a backslash or a control character, which InfluxDB tags cannot carry';
    expect(parseFlightEvent(JSON.stringify(EVENT_CASES['carrier ending in a backslash']))).toEqual({
      ok: false,
      reason: `invalid carrier: ${reason}`,
    });
    expect(parseFlightEvent(JSON.stringify(EVENT_CASES['city with NUL']))).toEqual({
      ok: false,
      reason: `invalid sourceCityName: ${reason}`,
    });
    expect(parseFlightEvent(JSON.stringify(EVENT_CASES['city with a newline']))).toEqual({
      ok: false,
      reason: `invalid destinationCityName: ${reason}`,
    });
    expect(
      parseFlightEvent(
        JSON.stringify(EVENT_CASES['carrier with quote, comma, space and equals (escaped by line protocol)']),
      ).ok,
    ).toBe(true);
  });

  it('reports bytes that are not JSON', () => {
    expect(parseFlightEvent(new TextEncoder().encode('{"v":1,'))).toEqual({ ok: false, reason: 'not JSON' });
    expect(parseFlightEvent(new Uint8Array([0xff, 0xfe, 0x00]))).toEqual({ ok: false, reason: 'not JSON' });
  });
});
