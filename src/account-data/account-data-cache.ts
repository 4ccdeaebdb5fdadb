import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { TtlCache } from '../common/ttl-cache.js';

/** A stored value and when it stops being served (epoch ms). */
interface Stored {
  value: unknown;
  expiresAt: number;
}

export interface AccountDataCacheOptions {
  maxEntries: number;
  /** Shared by every instance when given (REDIS_URL); else each instance keeps its own. */
  redis?: Pick<Redis, 'get' | 'set'>;
  redisKeyPrefix?: string;
  now?: () => number;
}

/**
 * Account data by cache key: a value is loaded once per TTL, and concurrent misses of one key on
 * this instance share one load. A refresh bypasses the stored value but joins a load under way.
 */
export class AccountDataCache {
  private readonly logger = new Logger('AccountDataCache');
  private readonly memory: TtlCache<Stored>;
  private readonly loading = new Map<string, Promise<unknown>>();
  private readonly now: () => number;

  constructor(private readonly options: AccountDataCacheOptions) {
    this.now = options.now ?? Date.now;
    this.memory = new TtlCache(options.maxEntries, { now: this.now });
  }

  async get(
    key: string,
    ttlMs: number,
    load: () => Promise<unknown>,
    refresh = false,
  ): Promise<unknown> {
    const running = this.loading.get(key);
    if (running) return running;
    const loading = this.readOrLoad(key, ttlMs, load, refresh).finally(() =>
      this.loading.delete(key),
    );
    this.loading.set(key, loading);
    return loading;
  }

  private async readOrLoad(
    key: string,
    ttlMs: number,
    load: () => Promise<unknown>,
    refresh: boolean,
  ): Promise<unknown> {
    if (!refresh) {
      const stored = await this.read(key);
      if (stored && stored.expiresAt > this.now()) return stored.value;
    }
    // A JSON copy: what is shared holds no references into the provider, and survives Redis.
    const value = JSON.parse(JSON.stringify((await load()) ?? null)) as unknown;
    if (ttlMs > 0) await this.write(key, { value, expiresAt: this.now() + ttlMs }, ttlMs);
    return value;
  }

  private async read(key: string): Promise<Stored | undefined> {
    const { redis, redisKeyPrefix = '' } = this.options;
    if (!redis) return this.memory.get(key);
    try {
      const text = await redis.get(`${redisKeyPrefix}${key}`);
      return text === null ? undefined : (JSON.parse(text) as Stored);
    } catch (error) {
      this.logger.warn(`Redis did not answer (${(error as Error).message}); loading from the CRM`);
      return undefined;
    }
  }

  private async write(key: string, stored: Stored, ttlMs: number): Promise<void> {
    const { redis, redisKeyPrefix = '' } = this.options;
    if (!redis) return this.memory.set(key, stored, ttlMs);
    try {
      await redis.set(`${redisKeyPrefix}${key}`, JSON.stringify(stored), 'PX', ttlMs);
    } catch (error) {
      this.logger.warn(`Redis did not store account data (${(error as Error).message})`);
    }
  }
}
