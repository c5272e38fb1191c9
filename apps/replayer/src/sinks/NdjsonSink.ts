import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { DeadLetter } from '@flights/schemas';
import type { EventSink } from './EventSink.ts';

/** `--dry-run`: normalized events as NDJSON on a stream (stdout), no Kafka. */
export class NdjsonSink implements EventSink {
  private blocked = false;
  acknowledged = 0;
  deadLettered = 0;
  failure: Error | undefined;

  private readonly out: Writable;

  constructor(out: Writable) {
    this.out = out;
  }

  get backlogged(): boolean {
    return this.blocked;
  }

  send(_key: string, value: string): void {
    if (!this.out.write(`${value}\n`)) this.blocked = true;
    this.acknowledged += 1;
  }

  reject(_letter: DeadLetter): void {
    this.deadLettered += 1;
  }

  async ready(): Promise<void> {
    if (!this.blocked) return;
    await once(this.out, 'drain');
    this.blocked = false;
  }

  async close(): Promise<void> {
    await this.ready();
  }
}
