/** The wait before replacing a dead worker, doubling per crash in a row: never a tight loop. */
export class RespawnBackoff {
  private crashes = 0;

  constructor(
    private readonly baseMs = 500,
    private readonly maxMs = 30_000,
    private readonly stableMs = 30_000,
  ) {}

  next(ranMs: number): number {
    if (ranMs >= this.stableMs) this.crashes = 0;
    const delay = Math.min(this.maxMs, this.baseMs * 2 ** this.crashes);
    this.crashes += 1;
    return delay;
  }
}
