import type { Admin } from '@flights/kafka';
import { decodeCheckpoint } from '../commit/checkpointMetadata.ts';
import { PartitionWindows, type WindowOptions } from '../window/PartitionWindows.ts';

/**
 * What this member owns in the consumer group now: its partitions' windows
 * (each rebuilt from the checkpoint committed with its offset), what it
 * committed, and which join of the group that is. A rebalance may hand the
 * partitions to another instance: from the rebalance event on nothing is written or
 * committed, and on the next join everything unwritten is forgotten; the
 * next owner of a partition rebuilds it from the committed offset.
 */
export class GroupAssignment {
  readonly windows = new Map<string, PartitionWindows>();
  /** The last offset|checkpoint committed per stream (topic/partition), so unchanged ones are not committed again. */
  readonly committed = new Map<string, string>();
  /** Counts group joins: commit points taken before the latest join are not committed. */
  generation = 0;
  rebalancing = false;
  topics: string[] = [];
  /** The group's committed metadata by stream (topic/partition), read once per join: one request lists every topic's. */
  private checkpoints: Promise<Map<string, string | null>> | undefined;

  constructor(
    private readonly admin: Admin,
    private readonly groupId: string,
    private readonly windowOptions: { allowedLatenessMs: number } & WindowOptions,
  ) {}

  /** A join of the group with this assignment: a fresh start for every partition. */
  joined(topics: string[]): void {
    this.windows.clear();
    this.committed.clear();
    this.checkpoints = undefined;
    this.rebalancing = false;
    this.generation += 1;
    this.topics = topics;
  }

  /** The windows of a partition, rebuilt from its committed checkpoint the first time it is seen since the join. */
  async windowsFor(topic: string, partition: number): Promise<PartitionWindows> {
    const key = `${topic}/${partition}`;
    const found = this.windows.get(key);
    if (found) return found;
    this.checkpoints ??= this.admin.listConsumerGroupOffsets({ groups: [this.groupId] }).then(
      ([group]) => new Map((group?.topics ?? []).flatMap(({ name, partitions }) => partitions.map((p) => [`${name}/${p.partitionIndex}`, p.metadata ?? null] as const))),
    );
    const checkpoint = decodeCheckpoint((await this.checkpoints).get(key));
    const { allowedLatenessMs, ...options } = this.windowOptions;
    const created = new PartitionWindows(allowedLatenessMs, checkpoint, options);
    this.windows.set(key, created);
    return created;
  }

  /** Minutes held in memory over every partition (open, or closed and not yet written). */
  bufferedMinutes(): number {
    let total = 0;
    for (const partitionWindows of this.windows.values()) total += partitionWindows.openMinutes;
    return total;
  }
}
