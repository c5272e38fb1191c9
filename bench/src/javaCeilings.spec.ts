import { describe, expect, it } from 'vitest';
import { ceilingRatios, consumerRate, producerRate } from './javaCeilings.ts';

describe("Kafka's performance tools' output", () => {
  it('takes the last summary line of ProducerPerformance, not a progress line', () => {
    const output = [
      '253610 records sent, 50711.9 records/sec (22.49 MB/sec), 520.3 ms avg latency, 780.0 ms max latency.',
      '1000000 records sent, 112360.4 records/sec (49.83 MB/sec), 430.21 ms avg latency, 812.00 ms max latency, 420 ms 50th, 700 ms 95th, 790 ms 99th, 810 ms 99.9th.',
    ].join('\n');
    expect(producerRate(output)).toBe(112360.4);
  });

  it("takes ConsumerPerformance's fetch rate (joining the group left out), or its overall rate when there is none", () => {
    const header =
      'start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec';
    const values =
      '2026-11-26 19:05:01:120, 2026-11-26 19:05:04:119, 443.4, 147.8, 1000000, 333444.5, 312, 2687, 165.0, 372162.2';
    expect(consumerRate(`${header}\n${values}\n`)).toEqual({ messages: 1_000_000, perSecond: 372162.2 });
    expect(consumerRate('2026-11-26 19:05:01:120, 2026-11-26 19:05:04:119, 443.4, 147.8, 1000000, 333444.5')).toEqual({
      messages: 1_000_000,
      perSecond: 333444.5,
    });
    expect(() => consumerRate('WARN something\n')).toThrow('no summary');
  });

  it('gives ratios only for parts measured in the same run', () => {
    expect(ceilingRatios({ replayer_rows_per_s: 28_000, java_produce_events_per_s: 112_000 })).toEqual({
      replayer_vs_java_produce: 0.25,
    });
    expect(ceilingRatios({ aggregator_events_per_s: 60_000 })).toEqual({});
  });
});
