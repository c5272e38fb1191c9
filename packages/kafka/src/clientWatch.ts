/**
 * What a Kafka client lives through on a cluster, told to whoever watches:
 * its retried operations (a leader gone, a broker restarting) and the
 * partition leaders it sees move. The apps count both on /metrics and print
 * one line when leaders move, instead of nothing until a final error.
 */

import type { EventEmitter } from 'node:events';

/** A partition whose leader moved, as two metadata answers in a row show it (-1: no leader). */
export interface LeaderChange {
  topic: string;
  partition: number;
  from: number;
  to: number;
}

/** The leaders a metadata answer names, per topic, by partition. */
export type Leaders = Map<string, number[]>;

interface MetadataLike {
  topics: Map<string, { partitions: ({ leader: number } | undefined)[] } | undefined>;
}

/** The leaders in a metadata answer of the client (`client:metadata`). */
export function leadersOf(metadata: MetadataLike): Leaders {
  const leaders: Leaders = new Map();
  for (const [topic, info] of metadata.topics) {
    if (info)
      leaders.set(
        topic,
        info.partitions.map((p) => p?.leader ?? -1),
      );
  }
  return leaders;
}

/** Partitions whose leader differs between two answers; a topic or partition seen for the first time is no change. */
export function leaderChanges(before: Leaders, after: Leaders): LeaderChange[] {
  const changes: LeaderChange[] = [];
  for (const [topic, leaders] of after) {
    const previous = before.get(topic);
    if (!previous) continue;
    leaders.forEach((to, partition) => {
      const from = previous[partition];
      if (from !== undefined && from !== to) changes.push({ topic, partition, from, to });
    });
  }
  return changes;
}

/** `flights.v1/0 1→2, flights.v1/3 1→3`: a line a person reads. */
export function describeLeaderChanges(changes: readonly LeaderChange[]): string {
  const broker = (id: number) => (id < 0 ? 'none' : String(id));
  return changes.map((c) => `${c.topic}/${c.partition} ${broker(c.from)}→${broker(c.to)}`).join(', ');
}

export interface ClientWatchEvents {
  /** An operation failed and is tried again (`attempt` counts from 0; `retries` is the limit). */
  onRetry?(operation: string, attempt: number, retries: number): void;
  /** Partition leaders moved, as the client's newest metadata shows. */
  onLeaderChanges?(changes: LeaderChange[]): void;
}

/** Listens to one client (producer, consumer, admin: each an EventEmitter); returns how to stop listening. */
export function watchClient(client: Pick<EventEmitter, 'on' | 'off'>, events: ClientWatchEvents): () => void {
  let leaders: Leaders = new Map();
  const onRetry = (operation: string, attempt: number, retries: number) =>
    events.onRetry?.(operation, attempt, retries);
  const onMetadata = (metadata: MetadataLike) => {
    const next = leadersOf(metadata);
    const changes = leaderChanges(leaders, next);
    // A metadata answer may name only some topics: keep what it does not name.
    leaders = new Map([...leaders, ...next]);
    if (changes.length > 0) events.onLeaderChanges?.(changes);
  };
  client.on('client:performWithRetry:retry', onRetry);
  client.on('client:metadata', onMetadata);
  return () => {
    client.off('client:performWithRetry:retry', onRetry);
    client.off('client:metadata', onMetadata);
  };
}

/**
 * Counts what the clients live through, for an app's /metrics, and says in
 * one line when partition leaders move (a broker lost or restarted): the
 * sends and fetches wait meanwhile, and the line says why.
 */
export class KafkaClientStats implements ClientWatchEvents {
  /** Retries by operation (`produce`, `fetch`, `metadata`, …: the client's own few names). */
  readonly retries = new Map<string, number>();
  leaderChanges = 0;
  private readonly log: ((line: string) => void) | undefined;

  constructor(log?: (line: string) => void) {
    this.log = log;
  }

  onRetry(operation: string): void {
    this.retries.set(operation, (this.retries.get(operation) ?? 0) + 1);
  }

  onLeaderChanges(changes: LeaderChange[]): void {
    this.leaderChanges += changes.length;
    this.log?.(`Kafka: partition leaders moved: ${describeLeaderChanges(changes)}`);
  }
}
