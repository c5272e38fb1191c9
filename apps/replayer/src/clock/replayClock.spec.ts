import { describe, expect, it } from 'vitest';
import {
  calendarClock,
  HISTORY_MARGIN_MS,
  historyClock,
  nowClock,
  parseSpan,
  scheduleClock,
  scheduledDeparture,
} from './replayClock.ts';

const at = (journeyDate: string, departureTime: string) => ({ journeyDate, departureTime }) as never;

describe('replay clocks', () => {
  it('now: stamps the time of sending', () => {
    let t = 1000;
    const clock = nowClock(() => t);
    expect(clock.eventTime(scheduledDeparture(at('2019-03-24', '22:20')))).toBe(1000);
    t = 2500;
    expect(clock.eventTime(scheduledDeparture(at('2019-03-01', '05:00')))).toBe(2500);
  });

  it('schedule: maps scheduled departures onto the present at N times real speed', () => {
    const clock = scheduleClock(60, () => 1_000_000);
    clock.startPass();
    expect(clock.eventTime(scheduledDeparture(at('2019-03-24', '10:00')))).toBe(1_000_000);
    // one hour of schedule later is one minute of real time at speed 60
    expect(clock.eventTime(scheduledDeparture(at('2019-03-24', '11:00')))).toBe(1_060_000);
    expect(clock.eventTime(scheduledDeparture(at('2019-03-25', '10:00')))).toBe(1_000_000 + 24 * 60_000);
  });

  it('schedule: re-anchors on each pass, so a looped replay stays in the present', () => {
    let t = 0;
    const clock = scheduleClock(10, () => t);
    clock.startPass();
    clock.eventTime(scheduledDeparture(at('2019-03-24', '10:00')));
    t = 5_000_000;
    clock.startPass();
    expect(clock.eventTime(scheduledDeparture(at('2019-03-24', '12:00')))).toBe(5_000_000);
  });

  it('reads the scheduled departure from journey date and departure time', () => {
    expect(scheduledDeparture({ journeyDate: '2019-03-24', departureTime: '22:20' })).toBe(
      Date.UTC(2019, 2, 24, 22, 20),
    );
  });

  it('history: spreads the first pass over the past span, ending now, in scheduled order; later passes go live', () => {
    let t = 100_000_000_000;
    const clock = historyClock(30 * 86_400_000, () => t);
    clock.startPass();
    expect(clock.holdsPass!()).toBe(true);
    clock.place!(scheduledDeparture(at('2019-03-01', '00:00')), scheduledDeparture(at('2019-06-30', '23:55')));
    expect(clock.eventTime(scheduledDeparture(at('2019-03-01', '00:00')))).toBe(
      t - 30 * 86_400_000 + HISTORY_MARGIN_MS,
    );
    expect(clock.eventTime(scheduledDeparture(at('2019-06-30', '23:55')))).toBe(t);
    const middle = clock.eventTime(scheduledDeparture(at('2019-05-01', '00:00')));
    expect(middle).toBeGreaterThan(t - 30 * 86_400_000);
    expect(middle).toBeLessThan(t);
    clock.startPass();
    t += 5000;
    expect(clock.holdsPass!()).toBe(false);
    expect(clock.eventTime(scheduledDeparture(at('2019-03-01', '00:00')))).toBe(t);
  });

  it('calendar: keeps each flight at its wall-clock time, leaves out what is older than --since', () => {
    const now = new Date(2026, 11, 5, 15, 0).getTime();
    const clock = calendarClock(60 * 60_000, () => now);
    clock.startPass();
    expect(clock.eventTime(scheduledDeparture(at('2026-12-05', '09:30')))).toBe(new Date(2026, 11, 5, 9, 30).getTime());
    expect(clock.earliest).toBe(now - 60 * 60_000);
    expect(calendarClock(undefined, () => now).earliest).toBeUndefined();
  });

  it('calendar: each loop moves the file on by its length in whole weeks, so weekdays stay weekdays', () => {
    const clock = calendarClock(undefined);
    clock.startPass();
    const monday = clock.eventTime(scheduledDeparture(at('2026-11-02', '08:00')));
    clock.eventTime(scheduledDeparture(at('2026-12-06', '23:59'))); // 5 weeks, less a minute
    clock.startPass();
    const next = clock.eventTime(scheduledDeparture(at('2026-11-02', '08:00')));
    expect(new Date(next).getDay()).toBe(1);
    expect(new Date(next).getHours()).toBe(8);
    expect(Math.round((next - monday) / 86_400_000)).toBe(35);
  });

  it('reads spans in minutes, hours and days', () => {
    expect(parseSpan('30d')).toBe(30 * 86_400_000);
    expect(parseSpan('6h')).toBe(6 * 3_600_000);
    expect(parseSpan('90m')).toBe(90 * 60_000);
    expect(() => historyClock(30 * 60_000)).toThrow('longer than an hour');
    expect(parseSpan('1y')).toBeUndefined();
  });
});
