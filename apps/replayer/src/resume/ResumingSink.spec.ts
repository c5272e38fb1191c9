import { describe, expect, it } from 'vitest';
import type { EventSink, SentEvent } from '../sinks/EventSink.ts';
import { ResumingSink } from './ResumingSink.ts';
import { describeRows, type ResumePoint, resumePoint } from './resumePoint.ts';

/** Records what reaches Kafka. */
class RecordingSink implements EventSink {
  readonly sent: string[] = [];
  backlogged = false;
  acknowledged = 0;
  deadLettered = 0;
  failure: Error | undefined;
  send(key: string): void {
    this.sent.push(key);
  }
  reject(): void {}
  async ready(): Promise<void> {}
  async close(): Promise<void> {}
}

const event = (key: string, row: number): SentEvent => ({
  key,
  value: JSON.stringify({ id: key, origin: { file: 'Data_Train.xlsx', row } }),
});
const keys = Array.from({ length: 10 }, (_, i) => `e${i + 1}`);

/** The first run: e1–e4 acknowledged, e5–e6 the batch in doubt, e7– never sent. */
function firstRunPoint(): ResumePoint {
  return resumePoint(
    'flights',
    { acknowledged: 4, lastAcknowledgedKey: 'e4', inDoubt: [event('e5', 5), event('e6', 6)] },
    new Map([[0, 42n]]),
  );
}

describe('resuming a run Kafka stopped acknowledging', () => {
  it('names the rows of the batch in doubt by file, in runs', () => {
    expect(firstRunPoint().inDoubt).toEqual([
      { key: 'e5', file: 'Data_Train.xlsx', row: 5 },
      { key: 'e6', file: 'Data_Train.xlsx', row: 6 },
    ]);
    expect(firstRunPoint().readFrom).toEqual({ '0': '42' });
    const rows = [4001, 4002, 4003, 4005, 9].map((row) => ({ file: 'Data_Train.xlsx', row }));
    expect(describeRows([...rows, { file: 'b.csv', row: 1 }])).toBe(
      'Data_Train.xlsx rows 9, 4,001–4,003, 4,005; b.csv row 1',
    );
  });

  it('sends each event once over both runs: skips the acknowledged and those of the batch in doubt Kafka holds', () => {
    const kafka = new RecordingSink();
    const sink = new ResumingSink(kafka, firstRunPoint(), new Set(['e5']));
    for (const key of keys) sink.send(key, '{}');
    expect(kafka.sent).toEqual(['e6', 'e7', 'e8', 'e9', 'e10']);
    expect([sink.skippedAcknowledged, sink.inDoubtFound, sink.inDoubtSent]).toEqual([4, 1, 1]);
  });

  it('skips a found event only at its place: the same row on a later pass (--loop, the same id) is sent', () => {
    const kafka = new RecordingSink();
    const sink = new ResumingSink(kafka, firstRunPoint(), new Set(['e5']));
    for (const key of [...keys, ...keys]) sink.send(key, '{}');
    expect(kafka.sent).toEqual(['e6', 'e7', 'e8', 'e9', 'e10', ...keys]);
  });

  it('refuses a resume whose events differ from the first run at the resume point', () => {
    const sink = new ResumingSink(new RecordingSink(), firstRunPoint(), new Set());
    const sendAll = () => {
      for (const key of ['e1', 'e2', 'e3', 'x4']) sink.send(key, '{}');
    };
    expect(sendAll).toThrow(/same files and options/);
    expect(sink.failure?.name).toBe('ResumeError');
  });

  it('when the resumed run fails too, the next point still covers every event exactly once', () => {
    // e5 is in Kafka; e6, e7 were acknowledged in the resumed run; e8, e9 are its batch in doubt.
    const resumed = new ResumingSink(new RecordingSink(), firstRunPoint(), new Set(['e5']));
    for (const key of keys) resumed.send(key, '{}');
    const next = resumed.nextPoint(
      { acknowledged: 2, lastAcknowledgedKey: 'e7', inDoubt: [event('e8', 8), event('e9', 9)] },
      'flights',
    );
    expect(next.acknowledged).toBe(7);
    expect(next.lastAcknowledgedKey).toBe('e7');
    expect(next.inDoubt.map((e) => e.key)).toEqual(['e8', 'e9']);
    expect(next.readFrom).toEqual({ '0': '42' });

    // Nothing acknowledged in the resumed run: e5 (found) stays in doubt with the batch that failed.
    const stalled = new ResumingSink(new RecordingSink(), firstRunPoint(), new Set(['e6']));
    for (const key of keys) stalled.send(key, '{}');
    const again = stalled.nextPoint(
      { acknowledged: 0, lastAcknowledgedKey: undefined, inDoubt: [event('e5', 5), event('e7', 7)] },
      'flights',
    );
    expect(again.acknowledged).toBe(4);
    expect(again.lastAcknowledgedKey).toBe('e4');
    expect(again.inDoubt.map((e) => e.key)).toEqual(['e5', 'e6', 'e7']);
    // Resuming from it again sends each event once more at most where it is not in Kafka.
    const kafka = new RecordingSink();
    const third = new ResumingSink(kafka, again, new Set(['e6', 'e7']));
    for (const key of keys) third.send(key, '{}');
    expect(kafka.sent).toEqual(['e5', 'e8', 'e9', 'e10']);
  });
});
