import { describe, expect, it } from 'vitest';
import { summaryRecord } from './formatSummary.ts';
import type { ReplaySummary } from './replayFiles.ts';

const summary: ReplaySummary = {
  files: [],
  sent: 5,
  acknowledged: 5,
  rejected: 0,
  rejectedByReason: {},
  skipped: 0,
  deadLettered: 0,
  failedFiles: 0,
  elapsedMs: 12,
  peakRssMb: 90,
};

describe('summaryRecord', () => {
  it('reports acknowledgements only when Kafka gave them', () => {
    expect(summaryRecord(summary, false, 0)).toMatchObject({ sent: 5, acknowledged: 5, inputProblems: 0 });
    const dry = summaryRecord(summary, true, 1);
    expect(dry).not.toHaveProperty('acknowledged');
    expect(dry).toMatchObject({ sent: 5, written: 5, inputProblems: 1 });
  });
});
