import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import type { SentEvent } from '../sinks/EventSink.ts';

/**
 * Where a replay that Kafka stopped acknowledging left off, written when it
 * exits 3 and read by `--resume`. Send order is deterministic (the same
 * files and options give the same events in the same order), so the first
 * `acknowledged` events are skipped; the batch in doubt is looked for in the
 * topic, from `readFrom`, and only what is not there is sent again.
 */
const ResumePointV1 = z.object({
  v: z.literal(1),
  /** The topic the run wrote to: a resume into another topic is refused. */
  topic: z.string().min(1),
  /** Events acknowledged, in send order, and the id of the last one (checked when the resumed run reaches it). */
  acknowledged: z.number().int().nonnegative(),
  lastAcknowledgedKey: z.string().nullable(),
  /** The batch Kafka did not acknowledge: each event's id and the row it came from. */
  inDoubt: z.array(z.object({ key: z.string(), file: z.string(), row: z.number().int().nonnegative() })),
  /** Per partition, the offset from which anything of the batch in doubt may lie (decimal strings: 64-bit). */
  readFrom: z.record(z.string(), z.string().regex(/^\d+$/)),
  writtenAt: z.string(),
});
export type ResumePoint = z.infer<typeof ResumePointV1>;

/** A resume file that cannot be used: unreadable, another format, or for another run. */
export class ResumeError extends Error {
  override name = 'ResumeError';
}

/** The row an event came from, from its JSON (`origin` in the v1 event). */
export function originOf(event: SentEvent): { file: string; row: number } {
  try {
    const { origin } = JSON.parse(event.value) as { origin?: { file?: string; row?: number } };
    return { file: origin?.file ?? '?', row: origin?.row ?? 0 };
  } catch {
    return { file: '?', row: 0 };
  }
}

export function resumePoint(
  topic: string,
  sink: { acknowledged: number; lastAcknowledgedKey: string | undefined; inDoubt: SentEvent[] },
  readFrom: ReadonlyMap<number, bigint>,
): ResumePoint {
  return {
    v: 1,
    topic,
    acknowledged: sink.acknowledged,
    lastAcknowledgedKey: sink.lastAcknowledgedKey ?? null,
    inDoubt: sink.inDoubt.map((event) => ({ key: event.key, ...originOf(event) })),
    readFrom: Object.fromEntries([...readFrom].map(([partition, offset]) => [String(partition), String(offset)])),
    writtenAt: new Date().toISOString(),
  };
}

export function writeResumePoint(path: string, point: ResumePoint): void {
  writeFileSync(path, `${JSON.stringify(point, null, 2)}\n`);
}

export function readResumePoint(path: string): ResumePoint {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ResumeError(`cannot read the resume file ${path}: ${(error as Error).message}`);
  }
  const parsed = ResumePointV1.safeParse(raw);
  if (!parsed.success)
    throw new ResumeError(`${path} is not a resume file of this replayer (${parsed.error.issues[0]?.message})`);
  return parsed.data;
}

/** `Data_Train.xlsx rows 4,001–6,000, 6,002`: the rows of some events, by file, in runs. */
export function describeRows(events: readonly { file: string; row: number }[]): string {
  const byFile = new Map<string, number[]>();
  for (const { file, row } of events) byFile.set(file, [...(byFile.get(file) ?? []), row]);
  const n = (row: number) => row.toLocaleString('en-US');
  return [...byFile]
    .map(([file, rows]) => {
      const runs: [number, number][] = [];
      for (const row of [...new Set(rows)].sort((a, b) => a - b)) {
        const last = runs.at(-1);
        if (last && row === last[1] + 1) last[1] = row;
        else runs.push([row, row]);
      }
      const text = runs.map(([a, b]) => (a === b ? n(a) : `${n(a)}–${n(b)}`)).join(', ');
      return `${file} row${rows.length === 1 ? '' : 's'} ${text}`;
    })
    .join('; ');
}
