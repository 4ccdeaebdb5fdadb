/**
 * How long to wait before replacing a worker that died: doubles with each crash in a row of the
 * same slot, up to `maxMs`; a worker that ran `stableMs` or longer starts the count again. A server
 * that cannot start (database down, port taken) is retried slowly, never in a tight loop.
 */
export class RespawnBackoff {
  private crashes = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 30_000,
    private readonly stableMs = 30_000,
  ) {}

  /** The delay before the next start, given how long the dead worker ran. */
  next(ranMs: number): number {
    if (ranMs >= this.stableMs) this.crashes = 0;
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** this.crashes);
    this.crashes += 1;
    return delay;
  }
}
