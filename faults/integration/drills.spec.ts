import { describe, expect, it } from 'vitest';
import { DRILLS } from '../src/drills/index.ts';

// The short version of every drill; `pnpm drills` runs the full ones.
describe('fault drills (short) on the real Kafka and InfluxDB', () => {
  for (const drill of DRILLS) {
    it(`${drill.name}: ${drill.proves}`, async () => {
      const result = await drill.run('short', (line) => console.log(`[${drill.name}] ${line}`));
      expect(result.differences, result.did).toEqual([]);
    });
  }
});
