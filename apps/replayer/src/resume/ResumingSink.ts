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
  private readonly inDoubt: ReadonlySet<string>;
  /** Events handed to the real sink so far, and, per event of the batch in doubt found in Kafka, how many had been. */
  private handed = 0;
  private readonly foundAt: { handedBefore: number; key: string }[] = [];

  constructor(inner: EventSink, point: ResumePoint, alreadyWritten: ReadonlySet<string>) {
    this.inner = inner;
    this.point = point;
    this.alreadyWritten = alreadyWritten;
    this.inDoubt = new Set(point.inDoubt.map((event) => event.key));
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
    if (this.inDoubt.has(key)) {
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
    const within = this.foundAt.filter((found) => found.handedBefore <= acked);
    const after = new Set(this.foundAt.filter((found) => found.handedBefore > acked).map((found) => found.key));
    const lastFound = within.at(-1);
    const lastKey =
      lastFound && lastFound.handedBefore === acked
        ? lastFound.key
        : (failed.lastAcknowledgedKey ?? lastFound?.key ?? this.point.lastAcknowledgedKey);
    const origins = new Map(this.point.inDoubt.map((event) => [event.key, event]));
    const failedBatch = failed.inDoubt.map((event) => origins.get(event.key) ?? { key: event.key, ...originOf(event) });
    return {
      ...this.point,
      topic,
      acknowledged: this.point.acknowledged + within.length + acked,
      lastAcknowledgedKey: lastKey,
      inDoubt: [...this.point.inDoubt.filter((event) => after.has(event.key)), ...failedBatch],
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
