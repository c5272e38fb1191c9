import { describe, expect, it } from 'vitest';
import { InfluxV1Client, type InfluxSeries } from '@flights/influx';
import { DelayFieldsProbe } from './delayFields.ts';

/** Answers SHOW FIELD KEYS with the given keys for the minutes' policy; counts the requests. */
class FieldKeys extends InfluxV1Client {
  requests = 0;
  private readonly keys: string[];

  constructor(keys: string[]) {
    super({ url: 'http://unused', database: 'flights' });
    this.keys = keys;
  }
  override async queryEach(statements: readonly string[]): Promise<InfluxSeries[][]> {
    this.requests += 1;
    return statements.map((s, i) =>
      i === 0 && s.startsWith('SHOW FIELD KEYS')
        ? [{ name: 'flights_total', tags: {}, rows: this.keys.map((fieldKey) => ({ fieldKey, fieldType: 'integer' })) }]
        : [],
    );
  }
}

describe('DelayFieldsProbe', () => {
  it('says whether the data has delay fields, from the field index, asked once for ranges refreshing together', async () => {
    const fare = new FieldKeys(['fare_count', 'fare_sum', 'flights']);
    expect(await new DelayFieldsProbe(fare).delays()).toBe(false);
    const onTime = new FieldKeys(['arr_delay_count', 'arr_delay_sum', 'dep_delay_count', 'fare_count', 'flights']);
    const probe = new DelayFieldsProbe(onTime);
    expect(await Promise.all([probe.delays(1000), probe.delays(1000), probe.delays(2000)])).toEqual([true, true, true]);
    expect(onTime.requests).toBe(1);
    await probe.delays(1000 + 11_000);
    expect(onTime.requests).toBe(2);
  });
});
