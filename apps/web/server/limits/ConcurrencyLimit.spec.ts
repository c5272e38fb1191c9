import { describe, expect, it } from 'vitest';
import { BusyError, ConcurrencyLimit } from './ConcurrencyLimit.ts';

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { open, opened };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('ConcurrencyLimit', () => {
  it('runs at most `running` tasks, queues `waiting` more in order, and refuses the rest', async () => {
    const limit = new ConcurrencyLimit('builds', { running: 2, waiting: 1 });
    const gates = [gate(), gate(), gate()];
    const started: number[] = [];
    const tasks = gates.map((g, i) =>
      limit.run(async () => {
        started.push(i);
        await g.opened;
        return i;
      }),
    );
    await Promise.resolve();
    expect(started).toEqual([0, 1]);
    expect(limit.queued).toBe(1);
    await expect(limit.run(async () => 9)).rejects.toBeInstanceOf(BusyError);
    gates[0]!.open();
    expect(await tasks[0]).toBe(0);
    await settle();
    expect(started).toEqual([0, 1, 2]);
    expect(limit.busy).toBe(2);
    gates[1]!.open();
    gates[2]!.open();
    expect(await Promise.all(tasks)).toEqual([0, 1, 2]);
    expect(limit.busy).toBe(0);
  });

  it('starts a task marked first before those already waiting', async () => {
    const limit = new ConcurrencyLimit('checks', { running: 1, waiting: 5 });
    const running = gate();
    const order: string[] = [];
    const tasks = [limit.run(() => running.opened)];
    for (const name of ['guess 1', 'guess 2']) tasks.push(limit.run(async () => void order.push(name)));
    tasks.push(limit.run(async () => void order.push('clean'), true));
    running.open();
    await Promise.all(tasks);
    expect(order).toEqual(['clean', 'guess 1', 'guess 2']);
  });

  it('keeps reserved places for tasks marked first, however many others wait', async () => {
    const limit = new ConcurrencyLimit('checks', { running: 2, waiting: 10, reservedForFirst: 1 });
    const slow = gate();
    const started: string[] = [];
    const others = [1, 2, 3].map((i) =>
      limit.run(async () => {
        started.push(`guess ${i}`);
        await slow.opened;
      }),
    );
    await settle();
    expect(started).toEqual(['guess 1']);
    const clean = limit.run(async () => void started.push('clean'), true);
    await clean;
    expect(started).toEqual(['guess 1', 'clean']);
    slow.open();
    await Promise.all(others);
    expect(started).toEqual(['guess 1', 'clean', 'guess 2', 'guess 3']);
  });

  it('frees the place of a task that failed', async () => {
    const limit = new ConcurrencyLimit('builds', { running: 1, waiting: 0 });
    await expect(
      limit.run(async () => {
        throw new Error('influx down');
      }),
    ).rejects.toThrow('influx down');
    expect(await limit.run(async () => 'next')).toBe('next');
  });
});
