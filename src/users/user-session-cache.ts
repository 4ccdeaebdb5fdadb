import { TtlCache, type TtlCacheOptions } from '../common/ttl-cache.js';
import type { InvalidationBus, InvalidationListener } from '../redis/invalidation-bus.js';
import type { UserEntity } from './user.entity.js';

const TOPIC = 'users';

/**
 * Users cached for USER_CACHE_TTL_MS and dropped everywhere through the InvalidationBus; a load
 * overlapping an invalidation is not kept (it may have read the old row).
 */
export class UserSessionCache implements InvalidationListener {
  private readonly entries: TtlCache<UserEntity>;
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
