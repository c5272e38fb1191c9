import { z } from 'zod';

/** What a dead-letter message carries: enough to find, understand and replay the bad input. */
export const DeadLetterV1 = z.object({
  v: z.literal(1),
  /** Which stage refused it. */
  stage: z.enum(['replayer', 'aggregator']),
  /** A short machine-groupable reason, e.g. "invalid Route" or "late". */
  reason: z.string(),
  detail: z.string().optional(),
  /** Where it came from: a file and row, or a topic, partition and offset. */
  origin: z.record(z.string(), z.union([z.string(), z.number()])),
  /** The raw values, as read. */
  raw: z.unknown(),
  at: z.number().int(),
});

export type DeadLetter = z.infer<typeof DeadLetterV1>;
