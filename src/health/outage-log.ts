import type { Logger } from '@nestjs/common';

/** One dependency's outage in few log lines: a balancer probes every few seconds. */
export class OutageLog {
  private downSince?: number;
  private lastWarned = 0;

  constructor(
    private readonly logger: Pick<Logger, 'warn' | 'log'>,
    private readonly what: string,
    private readonly everyMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  down(reason: string): void {
    const now = this.now();
    if (this.downSince === undefined) this.downSince = now;
    else if (now - this.lastWarned < this.everyMs) return;
    this.lastWarned = now;
    this.logger.warn(`Readiness: ${this.what} did not answer (${reason})`);
  }

  up(): void {
    if (this.downSince === undefined) return;
    const seconds = Math.round((this.now() - this.downSince) / 1000);
    this.downSince = undefined;
    this.logger.log(`Readiness: ${this.what} answers again (down for ${seconds} s)`);
  }
}
