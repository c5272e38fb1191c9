import { parseFlightEvent, type DeadLetter } from '@flights/schemas';
import type { PartitionWindows } from '../window/PartitionWindows.ts';

/** What the count step needs of a Kafka message. */
export interface BatchMessage {
  value: Buffer | null | undefined;
  offset: bigint | string;
  /** The record's timestamp, epoch ms: when the replayer sent it (decides history, see PartitionWindows). */
  timestamp: bigint | string;
}

/** What one batch of one partition gave: counts for the metrics, dead letters to send, and the last offset handled. */
export interface BatchCount {
  consumed: number;
  counted: number;
  late: number;
  /** Events whose time lies further in the future than the bound (see WindowOptions.maxFutureMs). */
  future: number;
  /** Messages handed before (PartitionWindows.isRedelivery): skipped, not in `consumed`. */
  redelivered: number;
  /** Invalid messages by reason ("not JSON", "invalid id", "empty message"). */
  invalid: Map<string, number>;
  letters: DeadLetter[];
  /** Undefined when nothing was handled (the batch was given up at once). */
  last?: string;
}

/**
 * The per-batch count step, pure but for the windows it counts into: parse
 * each message, count it into its window, and turn what cannot count (poison,
 * late) into dead letters. Stops early when `keepGoing` says no (a rebalance);
 * what was handled up to there is in `last`.
 */
export function countBatch(
  windows: PartitionWindows,
  topic: string,
  partition: number,
  messages: Iterable<BatchMessage>,
  keepGoing: () => boolean = () => true,
  now = Date.now(),
): BatchCount {
  const out: BatchCount = {
    consumed: 0,
    counted: 0,
    late: 0,
    future: 0,
    redelivered: 0,
    invalid: new Map(),
    letters: [],
  };
  const originOf = (offset: string) => ({ topic, partition, offset });
  for (const message of messages) {
    if (!keepGoing()) break;
    const offset = String(message.offset);
    if (windows.isRedelivery(offset)) {
      out.redelivered += 1;
      continue;
    }
    const parsed = message.value ? parseFlightEvent(message.value) : ({ ok: false, reason: 'empty message' } as const);
    if (parsed.ok) {
      const outcome = windows.add(parsed.event, offset, Number(message.timestamp));
      if (outcome === 'counted') out.counted += 1;
      if (outcome === 'late') {
        out.late += 1;
        const behind = windows.watermark - parsed.event.ts;
        out.letters.push({
          v: 1,
          stage: 'aggregator',
          reason: 'late',
          detail: `event time ${new Date(parsed.event.ts).toISOString()} is ${Math.round(behind / 1000)} s behind the watermark`,
          origin: originOf(offset),
          raw: parsed.event,
          at: now,
        });
      }
      if (outcome === 'future') {
        out.future += 1;
        const ahead = parsed.event.ts - Number(message.timestamp);
        const detail = `event time ${isoOrNumber(parsed.event.ts)} is ${Math.round(ahead / 3_600_000)} h ahead of its record's timestamp`;
        out.letters.push({
          v: 1,
          stage: 'aggregator',
          reason: 'future',
          detail,
          origin: originOf(offset),
          raw: parsed.event,
          at: now,
        });
      }
    } else {
      windows.skip(offset);
      const reason = parsed.reason.split(':')[0]!;
      out.invalid.set(reason, (out.invalid.get(reason) ?? 0) + 1);
      out.letters.push({
        v: 1,
        stage: 'aggregator',
        reason,
        detail: parsed.reason,
        origin: originOf(offset),
        raw: message.value?.toString('utf8').slice(0, 4000) ?? null,
        at: now,
      });
    }
    out.consumed += 1;
    out.last = offset;
  }
  return out;
}

/** An event time as ISO 8601, or as the number it is when it lies past what a Date can show. */
function isoOrNumber(ts: number): string {
  const date = new Date(ts);
  return Number.isNaN(date.getTime()) ? String(ts) : date.toISOString();
}
