/**
 * Runs async sections one at a time, in call order. Batch processing, the
 * flush and rebalance handling all touch the same windows.
 */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(section: () => Promise<T>): Promise<T> {
    const result = this.tail.then(section);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
