import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  describeLeaderChanges,
  KafkaClientStats,
  leaderChanges,
  type LeaderChange,
  watchClient,
} from './clientWatch.ts';

const metadata = (topics: Record<string, number[]>) => ({
  topics: new Map(
    Object.entries(topics).map(([topic, leaders]) => [topic, { partitions: leaders.map((leader) => ({ leader })) }]),
  ),
});

describe('clientWatch', () => {
  it('finds the partitions whose leader moved, not those seen for the first time', () => {
    const before = new Map([['flights.v1', [1, 2, 3]]]);
    const after = new Map([
      ['flights.v1', [2, 2, -1, 1]],
      ['flights.dlq', [3]],
    ]);
    expect(leaderChanges(before, after)).toEqual([
      { topic: 'flights.v1', partition: 0, from: 1, to: 2 },
      { topic: 'flights.v1', partition: 2, from: 3, to: -1 },
    ]);
    expect(describeLeaderChanges(leaderChanges(before, after))).toBe('flights.v1/0 1→2, flights.v1/2 3→none');
  });

  it('tells of retries and of leader moves across metadata answers that name only some topics', () => {
    const client = new EventEmitter();
    const moves: LeaderChange[][] = [];
    const retries: string[] = [];
    const stop = watchClient(client, {
      onRetry: (operation, attempt) => retries.push(`${operation}#${attempt}`),
      onLeaderChanges: (changes) => moves.push(changes),
    });
    client.emit('client:metadata', metadata({ a: [1, 2], b: [3] }));
    client.emit('client:metadata', metadata({ b: [3] }));
    client.emit('client:performWithRetry:retry', 'produce', 0, 8, 250);
    client.emit('client:metadata', metadata({ a: [2, 2] }));
    stop();
    client.emit('client:metadata', metadata({ a: [3, 3] }));
    expect(retries).toEqual(['produce#0']);
    expect(moves).toEqual([[{ topic: 'a', partition: 0, from: 1, to: 2 }]]);
  });

  it('counts retries by operation and leader moves, and says the moves in one line', () => {
    const lines: string[] = [];
    const stats = new KafkaClientStats((line) => lines.push(line));
    stats.onRetry('produce');
    stats.onRetry('produce');
    stats.onRetry('metadata');
    stats.onLeaderChanges([
      { topic: 't', partition: 0, from: 1, to: 2 },
      { topic: 't', partition: 1, from: 1, to: 3 },
    ]);
    expect(Object.fromEntries(stats.retries)).toEqual({ produce: 2, metadata: 1 });
    expect(stats.leaderChanges).toBe(2);
    expect(lines).toEqual(['Kafka: partition leaders moved: t/0 1→2, t/1 1→3']);
  });
});
