import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

/** What the throttler guard reads back from a storage (not exported by @nestjs/throttler). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * One hit, atomically: count it in a window that starts with the first hit (INCR, then PEXPIRE
 * when the counter is new), and once the count passes the limit set a block key for the block
 * duration (a fresh window starts after it). Returns [hits, window ms left, blocked, block ms left].
 */
const HIT_SCRIPT = `
local hitsKey, blockKey = KEYS[1], KEYS[2]
local ttl, limit, blockMs = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local blockLeft = redis.call('PTTL', blockKey)
if blockLeft > 0 then
  return {limit + 1, blockLeft, 1, blockLeft}
end
local hits = redis.call('INCR', hitsKey)
local left = redis.call('PTTL', hitsKey)
if left < 0 then
  redis.call('PEXPIRE', hitsKey, ttl)
  left = ttl
end
if hits > limit then
  redis.call('SET', blockKey, '1', 'PX', blockMs)
  redis.call('DEL', hitsKey)
  return {hits, blockMs, 1, blockMs}
end
return {hits, left, 0, 0}
`;

type HitReply = [number, number, number, number];

interface RateLimitRedis extends Redis {
  rateLimitHit(
    hitsKey: string,
    blockKey: string,
    ttl: number,
    limit: number,
    block: number,
  ): Promise<HitReply>;
}

/**
 * @nestjs/throttler storage on Redis (ioredis), shared by every instance: a fixed window per key
 * counted by one Lua script, on the instance's shared connection. When Redis cannot answer, counting falls back to this instance's
 * memory (limits then hold per instance) rather than refusing or stalling requests.
 */
export class RedisThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly logger = new Logger('RateLimit');
  private readonly fallback = new ThrottlerStorageService();
  private readonly redis: RateLimitRedis;
  private lastWarning = 0;

  constructor(
    redis: Redis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('rateLimitHit', { numberOfKeys: 2, lua: HIT_SCRIPT });
    this.redis = redis as RateLimitRedis;
    this.redis.on('error', (error: Error) => this.warn(`Redis connection error: ${error.message}`));
  }

  /** ttl and blockDuration in milliseconds; the record's times in seconds (the guard's units). */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    // The braces keep both keys in one Redis Cluster slot.
    const base = `${this.keyPrefix}rate-limit:{${throttlerName}:${key}}`;
    try {
      const [hits, left, blocked, blockLeft] = await this.redis.rateLimitHit(
        `${base}:hits`,
        `${base}:block`,
        Math.max(1, Math.round(ttl)),
        limit,
        Math.max(1, Math.round(blockDuration)),
      );
      return {
        totalHits: Number(hits),
        timeToExpire: Math.ceil(Number(left) / 1000),
        isBlocked: Number(blocked) === 1,
        timeToBlockExpire: Math.ceil(Number(blockLeft) / 1000),
      };
    } catch (error) {
      this.warn(`Redis did not count a hit (${(error as Error).message}); counting in memory`);
      return this.fallback.increment(key, ttl, limit, blockDuration, throttlerName);
    }
  }

  /** Stops the in-memory fallback's timers; the Redis connection belongs to RedisConnection. */
  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown?.();
  }

  /** At most one warning per 30 s: an outage must not flood the log. */
  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < 30_000) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}
