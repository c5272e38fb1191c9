import type { DeadLetter } from '@flights/schemas';
import type { EventSink, SentEvent } from '../sinks/EventSink.ts';
import { originOf, ResumeError, type ResumePoint } from './resumePoint.ts';

/** What the sink under a resumed run knows when it fails: as BatchingSink keeps it. */
interface FailedSink {
  acknowledged: number;
  lastAcknowledgedKey: string | undefined;
  inDoubt: SentEvent[];
}

/**
 * A resumed run's sink: the events the first run had acknowledged are
 * skipped (the first `acknowledged` in send order, the last checked by its
 * id), so are the events of the batch in doubt that Kafka holds
 * (`alreadyWritten`); everything else goes on to the real sink. Dead letters
 * before the resume point were sent by the first run and are skipped too.
 */
export class ResumingSink implements EventSink {
  private seen = 0;
  private mismatch: ResumeError | undefined;
  /** Acknowledged by the first run, not sent again. */
  skippedAcknowledged = 0;
  /** Of the batch in doubt: found in the topic (not sent again) and sent now. */
  inDoubtFound = 0;
  inDoubtSent = 0;

  private readonly inner: EventSink;
  private readonly point: ResumePoint;
  private readonly alreadyWritten: ReadonlySet<string>;
  /** Events handed to the real sink so far, and, per event of the batch in doubt found in Kafka, how many had been. */
  private handed = 0;
  private readonly foundAt: { handedBefore: number; key: string }[] = [];

  constructor(inner: EventSink, point: ResumePoint, alreadyWritten: ReadonlySet<string>) {
    this.inner = inner;
    this.point = point;
    this.alreadyWritten = alreadyWritten;
  }

  send(key: string, value: string): void {
    if (this.mismatch) throw this.mismatch;
    this.seen += 1;
    if (this.seen <= this.point.acknowledged) {
      this.skippedAcknowledged += 1;
      if (this.seen === this.point.acknowledged && key !== this.point.lastAcknowledgedKey) {
        this.mismatch = new ResumeError(
          `event ${this.seen} is not the one the first run sent there: resume with the same files and options (clock, loop, limit) as that run`,
        );
        throw this.mismatch;
      }
      return;
    }
    // The batch in doubt is the events right after the acknowledged ones, in send order. Only there: the same
    // row's event on a later pass (--loop) has the same id and is sent as usual.
    const inDoubt = this.point.inDoubt[this.seen - this.point.acknowledged - 1];
    if (inDoubt) {
      if (key !== inDoubt.key) {
        this.mismatch = new ResumeError(
          `event ${this.seen} is not the one the first run had in doubt there: resume with the same files and options (clock, loop, limit) as that run`,
        );
        throw this.mismatch;
      }
      if (this.alreadyWritten.has(key)) {
        this.inDoubtFound += 1;
        this.foundAt.push({ handedBefore: this.handed, key });
        return;
      }
      this.inDoubtSent += 1;
    }
    this.inner.send(key, value);
    this.handed += 1;
  }

  /**
   * Where this resumed run leaves off when Kafka fails it too: the first run's acknowledged events, then the
   * events found in Kafka and those the real sink had acknowledged, as one prefix of the send order. Found
   * events after that prefix stay in doubt (a next resume finds them again), with the batch that failed now.
   */
  nextPoint(failed: FailedSink, topic: string): ResumePoint {
    const acked = failed.acknowledged;
    const base = this.point.acknowledged;
    const within = this.foundAt.filter((found) => found.handedBefore <= acked);
    const lastFound = within.at(-1);
    const lastKey =
      lastFound && lastFound.handedBefore === acked
        ? lastFound.key
        : (failed.lastAcknowledgedKey ?? lastFound?.key ?? this.point.lastAcknowledgedKey);
    // The new batch in doubt, in send order: found events after the prefix, interleaved with the batch that failed.
    const origins = new Map(this.point.inDoubt.map((event) => [event.key, event]));
    const foundBefore = (handed: number) => this.foundAt.filter((found) => found.handedBefore < handed).length;
    const placed = [
      ...this.foundAt.flatMap((found, i) =>
        found.handedBefore > acked ? [{ at: base + found.handedBefore + i + 1, entry: origins.get(found.key)! }] : [],
      ),
      ...failed.inDoubt.map((event, j) => ({
        at: base + acked + 1 + j + foundBefore(acked + 1 + j),
        entry: origins.get(event.key) ?? { key: event.key, ...originOf(event) },
      })),
    ].sort((a, b) => a.at - b.at);
    return {
      ...this.point,
      topic,
      acknowledged: base + within.length + acked,
      lastAcknowledgedKey: lastKey,
      inDoubt: placed.map((p) => p.entry),
      writtenAt: new Date().toISOString(),
    };
  }

  reject(letter: DeadLetter): void {
    if (this.seen < this.point.acknowledged) return;
    this.inner.reject(letter);
  }

  get backlogged(): boolean {
    return this.inner.backlogged;
  }

  ready(): Promise<void> {
    return this.inner.ready();
  }

  /** The first run's acknowledged events count as acknowledged: the summary's count is the whole file's. */
  get acknowledged(): number {
    return this.skippedAcknowledged + this.inDoubtFound + this.inner.acknowledged;
  }

  get deadLettered(): number {
    return this.inner.deadLettered;
  }

  get failure(): Error | undefined {
    return this.mismatch ?? this.inner.failure;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
