import type { Admin } from '@flights/kafka';
import { decodeCheckpoint } from '../commit/checkpointMetadata.ts';
import { PartitionWindows, type WindowOptions } from '../window/PartitionWindows.ts';
import { stream, type StreamWindows } from './Stream.ts';

/**
 * What this member owns in the consumer group now: its partitions' windows
 * (each rebuilt from the checkpoint committed with its offset), what it
 * committed, and which join of the group that is. A rebalance may hand the
 * partitions to another instance: from the rebalance event on nothing is written or
 * committed, and on the next join everything unwritten is forgotten; the
 * next owner of a partition rebuilds it from the committed offset.
 *
 * It alone holds the group's state: the consumer tells it of a rebalance
 * (rebalanceStarted) and of a join (joined); counting, writing and
 * committing ask it (rebalancing, generation) and never set it.
 */
export class GroupAssignment {
  /** Each assigned partition's windows, by stream key ("topic/partition"). */
  readonly windows = new Map<string, StreamWindows<PartitionWindows>>();
  /** The last offset|checkpoint committed per stream (topic/partition), so unchanged ones are not committed again. */
  readonly committed = new Map<string, string>();
  /** Counts group joins: commit points taken before the latest join are not committed. */
  private joins = 0;
  private groupGeneration = 0;
  private rebalanceUnderWay = false;
  private assignedTopics: readonly string[] = [];
  /** The group's committed metadata by stream (topic/partition), read once per join: one request lists every topic's. */
  private checkpoints: Promise<Map<string, string | null>> | undefined;

  private readonly admin: Admin;
  private readonly groupId: string;
  private readonly windowOptions: { allowedLatenessMs: number } & WindowOptions;

  constructor(admin: Admin, groupId: string, windowOptions: { allowedLatenessMs: number } & WindowOptions) {
    this.admin = admin;
    this.groupId = groupId;
    this.windowOptions = windowOptions;
  }

  /** Counts group joins: commit points taken before the latest join are not committed. */
  get generation(): number {
    return this.joins;
  }

  /**
   * The consumer group's generation id at the latest join: unlike `generation`
   * (this member's own count), it grows across members, so it fences what
   * this member publishes (MinuteRecord.fence) against a former owner's late records.
   */
  get fence(): number {
    return this.groupGeneration;
  }

  /** From a rebalance until the next join: nothing is counted, written or committed. */
  get rebalancing(): boolean {
    return this.rebalanceUnderWay;
  }

  get topics(): readonly string[] {
    return this.assignedTopics;
  }

  /** The group is rebalancing: the partitions may be another member's soon. */
  rebalanceStarted(): void {
    this.rebalanceUnderWay = true;
  }

  /**
   * A join of the group with this assignment: a fresh start for every
   * partition. `groupGeneration` is the group's generation id from the join;
   * a restart of the stream without a new join keeps the one before.
   */
  joined(topics: readonly string[], groupGeneration = this.groupGeneration): void {
    this.groupGeneration = groupGeneration;
    this.windows.clear();
    this.committed.clear();
    this.checkpoints = undefined;
    this.rebalanceUnderWay = false;
    this.joins += 1;
    this.assignedTopics = topics;
  }

  /** The windows of a partition, rebuilt from its committed checkpoint the first time it is seen since the join. */
  async windowsFor(topic: string, partition: number): Promise<PartitionWindows> {
    const assigned = stream(topic, partition);
    const found = this.windows.get(assigned.key);
    if (found) return found.windows;
    this.checkpoints ??= this.admin
      .listConsumerGroupOffsets({ groups: [this.groupId] })
      .then(
        ([group]) =>
          new Map(
            (group?.topics ?? []).flatMap(({ name, partitions }) =>
              partitions.map((p) => [`${name}/${p.partitionIndex}`, p.metadata ?? null] as const),
            ),
          ),
      );
    const checkpoint = decodeCheckpoint((await this.checkpoints).get(assigned.key));
    const { allowedLatenessMs, ...options } = this.windowOptions;
    const created = new PartitionWindows(allowedLatenessMs, checkpoint, options);
    this.windows.set(assigned.key, { stream: assigned, windows: created });
    return created;
  }

  /** Minutes held in memory over every partition (open, or closed and not yet written). */
  bufferedMinutes(): number {
    let total = 0;
    for (const { windows } of this.windows.values()) total += windows.openMinutes;
    return total;
  }
}
