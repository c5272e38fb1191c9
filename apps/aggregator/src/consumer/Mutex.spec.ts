import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { Mutex } from './Mutex.ts';

describe('Mutex', () => {
  it('runs sections one at a time in call order, even after one fails', async () => {
    const mutex = new Mutex();
    const order: string[] = [];
    const slow = mutex.run(async () => {
      order.push('a start');
      await sleep(20);
      order.push('a end');
    });
    const failing = mutex.run(async () => {
      order.push('b');
      throw new Error('boom');
    });
    const last = mutex.run(async () => {
      order.push('c');
      return 3;
    });
    await slow;
    await expect(failing).rejects.toThrow('boom');
    expect(await last).toBe(3);
    expect(order).toEqual(['a start', 'a end', 'b', 'c']);
  });
});
