import { describe, expect, it } from 'vitest';
import { REPLAYER_METRICS, sumMetric } from '@flights/schemas';
import { emptyLiveCounts } from '../replay/replayFiles.ts';
import { createReplayerMetrics } from './replayerMetrics.ts';

describe('replayer metrics', () => {
  it('report the live counts at each scrape, rejections by reason', async () => {
    const live = emptyLiveCounts();
    let acknowledged = 0;
    const { registry, stop } = createReplayerMetrics(live, () => acknowledged);
    Object.assign(live, { rows: 12, sent: 10, failedFiles: 1 });
    live.rejectedByReason['missing field'] = 2;
    acknowledged = 8;
    const text = await registry.metrics();
    stop();
    expect(sumMetric(text, REPLAYER_METRICS.rowsRead)).toBe(12);
    expect(sumMetric(text, REPLAYER_METRICS.sent)).toBe(10);
    expect(sumMetric(text, REPLAYER_METRICS.acknowledged)).toBe(8);
    expect(sumMetric(text, REPLAYER_METRICS.failedFiles)).toBe(1);
    expect(text).toContain(`${REPLAYER_METRICS.rejected}{reason="missing field"} 2`);
    expect(text).toContain(`# TYPE ${REPLAYER_METRICS.sent} counter`);
  });
});
