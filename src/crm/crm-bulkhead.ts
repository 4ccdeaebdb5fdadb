/** The bulkhead refused a call: every slot and every place in the queue were taken. */
export class BulkheadFullError extends Error {
  constructor() {
    super('bulkhead full: every slot and queue place taken');
    this.name = 'BulkheadFullError';
  }
}

/** No slot became free within the time the caller could wait. */
export class BulkheadWaitTimeoutError extends Error {
  constructor() {
    super('no bulkhead slot within the time left');
    this.name = 'BulkheadWaitTimeoutError';
  }
}

/**
 * A CRM's concurrency limit, per instance: `maxConcurrent` calls run at once; up to `maxQueued`
 * more wait, first come first served, each for as long as its caller can afford. A freed slot goes
 * straight to the next waiter; a waiter that gives up leaves the queue at once (so it neither holds
 * a place nor swallows a freed slot).
 */
export class CrmBulkhead {
  private active = 0;
  /** Each waiter's start: called with the slot it is handed. */
  private readonly queue: (() => void)[] = [];
  private readonly rejectListeners: (() => void)[] = [];

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueued: number,
  ) {}

  /** Calls in flight now. */
  get running(): number {
    return this.active;
  }

  /** Calls waiting for a slot now. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Called whenever a call is refused because the queue is full. */
  onReject(listener: () => void): void {
    this.rejectListeners.push(listener);
  }

  /**
   * Runs `fn` in a slot. Waits at most `maxWaitMs` for one (≤ 0: only a free slot will do), then
   * throws BulkheadWaitTimeoutError; throws BulkheadFullError at once when the queue is full.
   */
  async execute<T>(fn: () => Promise<T>, maxWaitMs: number): Promise<T> {
    if (this.active >= this.maxConcurrent) await this.waitForSlot(maxWaitMs);
    else this.active += 1;
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  private waitForSlot(maxWaitMs: number): Promise<void> {
    if (maxWaitMs <= 0) return Promise.reject(new BulkheadWaitTimeoutError());
    if (this.queue.length >= this.maxQueued) {
      for (const listener of this.rejectListeners) listener();
      return Promise.reject(new BulkheadFullError());
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = this.queue.indexOf(waiter);
        if (index >= 0) this.queue.splice(index, 1);
        reject(new BulkheadWaitTimeoutError());
      }, maxWaitMs);
      this.queue.push(waiter);
    });
  }

  /** The slot passes to the next waiter, if any (the count of running calls stays). */
  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active -= 1;
  }
}
