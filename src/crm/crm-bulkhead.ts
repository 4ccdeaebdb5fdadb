export class BulkheadFullError extends Error {
  constructor() {
    super('bulkhead full: every slot and queue place taken');
    this.name = 'BulkheadFullError';
  }
}

export class BulkheadWaitTimeoutError extends Error {
  constructor() {
    super('no bulkhead slot within the time left');
    this.name = 'BulkheadWaitTimeoutError';
  }
}

/** A CRM's concurrency limit per instance; a waiter that gives up never swallows a freed slot. */
export class CrmBulkhead {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  private readonly rejectListeners: (() => void)[] = [];

  constructor(
    readonly maxConcurrent: number,
    readonly maxQueued: number,
  ) {}

  get running(): number {
    return this.active;
  }

  get waiting(): number {
    return this.queue.length;
  }

  onReject(listener: () => void): void {
    this.rejectListeners.push(listener);
  }

  /** Runs `fn` in a slot, waiting at most `maxWaitMs` (≤ 0: only a free slot will do). */
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

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.active -= 1;
  }
}
