import { z } from 'zod';
import type { PartitionCheckpoint } from '../window/PartitionWindows.ts';

const CheckpointV1 = z.object({ v: z.literal(1), maxTs: z.number(), seen: z.string().regex(/^\d+$/) });

/** The checkpoint travels as the offset commit's metadata: committed atomically with the offset it belongs to. */
export function encodeCheckpoint(checkpoint: PartitionCheckpoint): string {
  return JSON.stringify({ v: 1, ...checkpoint });
}

/** Undefined for no metadata or metadata another client wrote: then the partition starts with a fresh watermark. */
export function decodeCheckpoint(metadata: string | null | undefined): PartitionCheckpoint | undefined {
  if (!metadata) return undefined;
  try {
    const parsed = CheckpointV1.safeParse(JSON.parse(metadata));
    return parsed.success ? { maxTs: parsed.data.maxTs, seen: parsed.data.seen } : undefined;
  } catch {
    return undefined;
  }
}
