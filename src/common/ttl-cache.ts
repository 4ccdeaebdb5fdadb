export interface TtlCacheOptions {
  now?: () => number;
  onLookup?: (hit: boolean) => void;
}

/** A per-instance TTL and LRU cache: callers must stay correct when other instances write. */
export class TtlCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly now: () => number;
  private readonly onLookup?: (hit: boolean) => void;

  constructor(
    private readonly maxEntries: number,
    options: TtlCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.onLookup = options.onLookup;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= this.now()) this.entries.delete(key);
    else if (entry) {
      // Re-insert: Map iteration order is the recency order.
      this.entries.delete(key);
      this.entries.set(key, entry);
      this.onLookup?.(true);
      return entry.value;
    }
    this.onLookup?.(false);
    return undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    if (ttlMs <= 0 || this.maxEntries <= 0) return;
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  deletePrefix(prefix: string): void {
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
