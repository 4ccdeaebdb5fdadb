import { TtlCache, type TtlCacheOptions } from '../common/ttl-cache.js';
import type { InvalidationBus, InvalidationListener } from '../redis/invalidation-bus.js';
import type { UserEntity } from './user.entity.js';

const TOPIC = 'users';

/**
 * The row a session token names, reused for USER_CACHE_TTL_MS on this instance and dropped on
 * every instance when the user changes (through the InvalidationBus). While the bus cannot vouch
 * for the cache (Redis configured but not heard) every lookup reads the database. A load that
 * overlaps an invalidation of its user is answered but not kept: it may have read the old row.
 */
export class UserSessionCache implements InvalidationListener {
  private readonly entries: TtlCache<UserEntity>;
  /** Loads in flight per user id; an invalidation marks them stale. */
  private readonly loading = new Map<string, Set<{ stale: boolean }>>();

  constructor(
    private readonly ttlMs: number,
    maxEntries: number,
    private readonly bus: Pick<InvalidationBus, 'live' | 'listen' | 'publish'>,
    options: TtlCacheOptions = {},
  ) {
    this.entries = new TtlCache(maxEntries, options);
    bus.listen(TOPIC, this);
  }

  async get(id: string, load: () => Promise<UserEntity | null>): Promise<UserEntity | null> {
    if (this.bus.live) {
      const hit = this.entries.get(id);
      if (hit) return hit;
    }
    const ticket = { stale: !this.bus.live };
    const pending = this.loading.get(id) ?? new Set();
    this.loading.set(id, pending.add(ticket));
    try {
      const user = await load();
      if (user && !ticket.stale && this.bus.live) this.entries.set(id, user, this.ttlMs);
      return user;
    } finally {
      pending.delete(ticket);
      if (pending.size === 0 && this.loading.get(id) === pending) this.loading.delete(id);
    }
  }

  /** After a write: drops the user here at once and on every other instance. */
  forget(id: string): Promise<void> {
    return this.bus.publish(TOPIC, id);
  }

  invalidate(id: string): void {
    this.entries.delete(id);
    for (const ticket of this.loading.get(id) ?? []) ticket.stale = true;
  }

  reset(): void {
    this.entries.clear();
    for (const pending of this.loading.values()) for (const ticket of pending) ticket.stale = true;
  }
}
