import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerStorageService, type ThrottlerStorage } from '@nestjs/throttler';
import type { Redis } from 'ioredis';

// Not exported by @nestjs/throttler.
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// Returns [hits, window ms left, blocked, block ms left].
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

/** Throttler storage shared on Redis; when Redis does not answer, it counts in memory instead. */
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

  onApplicationShutdown(): void {
    this.fallback.onApplicationShutdown?.();
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < 30_000) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}
