/** The work a client asked for was not started: too much of it is already running or waiting. */
export class BusyError extends Error {
  override name = 'BusyError';
  /** Always retriable: the same request later, when the line has moved. */
  readonly retriable = true;
  readonly what: string;

  constructor(what: string) {
    super(`too many ${what} at once: try again in a moment`);
    this.what = what;
  }
}

export interface ConcurrencyLimitOptions {
  /** Tasks that may run at once. */
  running: number;
  /** Tasks that may wait for a place; past that a task is refused with BusyError. */
  waiting: number;
  /**
   * Places only tasks marked `first` may take: others never hold more than
   * `running - reservedForFirst` at once. Default 0 (no reservation).
   */
  reservedForFirst?: number;
}

interface Waiting {
  first: boolean;
  start: () => void;
}

/**
 * At most `running` tasks at once and `waiting` more in line; past that a
 * task is refused at once with BusyError, so a client that asks for
 * expensive work (a password hash, a snapshot of a new range) can fill the
 * line but never the server's memory or its event loop. Tasks marked `first`
 * (a client with a clean record) start before all others, and may have
 * places of their own: a flood of unmarked tasks then cannot keep them waiting
 * for more than the tasks already running.
 */
export class ConcurrencyLimit {
  private active = 0;
  private activeOthers = 0;
  private readonly line: Waiting[] = [];

  /** What is limited, as the refusal says it ("password checks"). */
  readonly what: string;
  private readonly options: ConcurrencyLimitOptions;

  constructor(what: string, options: ConcurrencyLimitOptions) {
    this.what = what;
    this.options = options;
  }

  get busy(): number {
    return this.active;
  }

  get queued(): number {
    return this.line.length;
  }

  /** Runs `task` when a place is free; `first` puts it ahead of every task not marked so. */
  async run<T>(task: () => Promise<T>, first = false): Promise<T> {
    if (!this.mayStart(first)) {
      if (this.line.length >= this.options.waiting) throw new BusyError(this.what);
      await new Promise<void>((start) => {
        const at = first ? this.line.findIndex((waiting) => !waiting.first) : -1;
        this.line.splice(at === -1 ? this.line.length : at, 0, { first, start });
      });
    } else {
      this.take(first);
    }
    try {
      return await task();
    } finally {
      this.active -= 1;
      if (!first) this.activeOthers -= 1;
      this.startWaiting();
    }
  }

  private mayStart(first: boolean): boolean {
    if (this.active >= this.options.running) return false;
    return first || this.activeOthers < this.options.running - (this.options.reservedForFirst ?? 0);
  }

  private take(first: boolean): void {
    this.active += 1;
    if (!first) this.activeOthers += 1;
  }

  /** Starts, in line order, every waiting task that may start now. */
  private startWaiting(): void {
    for (let i = 0; i < this.line.length && this.active < this.options.running; ) {
      const waiting = this.line[i]!;
      if (!this.mayStart(waiting.first)) {
        i += 1;
        continue;
      }
      this.line.splice(i, 1);
      this.take(waiting.first);
      waiting.start();
    }
  }
}
