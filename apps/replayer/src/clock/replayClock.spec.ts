import { describe, expect, it } from 'vitest';
import { nowClock, scheduleClock, scheduledDeparture } from './replayClock.ts';

const at = (journeyDate: string, departureTime: string) => ({ journeyDate, departureTime }) as never;

describe('replay clocks', () => {
  it('now: stamps the time of sending', () => {
    let t = 1000;
    const clock = nowClock(() => t);
    expect(clock.eventTime(at('2019-03-24', '22:20'))).toBe(1000);
    t = 2500;
    expect(clock.eventTime(at('2019-03-01', '05:00'))).toBe(2500);
  });

  it('schedule: maps scheduled departures onto the present at N times real speed', () => {
    const clock = scheduleClock(60, () => 1_000_000);
    clock.startPass();
    expect(clock.eventTime(at('2019-03-24', '10:00'))).toBe(1_000_000);
    // one hour of schedule later is one minute of real time at speed 60
    expect(clock.eventTime(at('2019-03-24', '11:00'))).toBe(1_060_000);
    expect(clock.eventTime(at('2019-03-25', '10:00'))).toBe(1_000_000 + 24 * 60_000);
  });

  it('schedule: re-anchors on each pass, so a looped replay stays in the present', () => {
    let t = 0;
    const clock = scheduleClock(10, () => t);
    clock.startPass();
    clock.eventTime(at('2019-03-24', '10:00'));
    t = 5_000_000;
    clock.startPass();
    expect(clock.eventTime(at('2019-03-24', '12:00'))).toBe(5_000_000);
  });

  it('reads the scheduled departure from journey date and departure time', () => {
    expect(scheduledDeparture({ journeyDate: '2019-03-24', departureTime: '22:20' })).toBe(Date.UTC(2019, 2, 24, 22, 20));
  });
});
