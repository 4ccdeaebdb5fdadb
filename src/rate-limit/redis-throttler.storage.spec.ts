import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import {
  deleteKeys,
  redisAvailable,
  TEST_REDIS_URL,
  uniqueKeyPrefix,
} from '../../test/support/test-redis.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

const available = await redisAvailable();
const describeRedis = available ? describe : describe.skip;

/** Against the real local Redis (skipped without one unless REQUIRE_REDIS=1). */
describeRedis('RedisThrottlerStorage', () => {
  const prefix = uniqueKeyPrefix();
  let storage: RedisThrottlerStorage;
  let other: RedisThrottlerStorage;
  const clients: Redis[] = [];

  beforeAll(() => {
    Logger.overrideLogger(false);
    clients.push(new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL));
    storage = new RedisThrottlerStorage(clients[0], prefix);
    // A second instance of the server, sharing the counters through Redis.
    other = new RedisThrottlerStorage(clients[1], prefix);
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    storage.onApplicationShutdown();
    other.onApplicationShutdown();
    await Promise.all(clients.map((client) => client.quit()));
  });

  it('counts hits in a window and blocks past the limit, across instances', async () => {
    const hit = (s: RedisThrottlerStorage) => s.increment('ip:10.0.0.1', 60_000, 3, 30_000, 'ip');
    const first = await hit(storage);
    expect(first).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
    expect(first.timeToExpire).toBeGreaterThan(55);
    expect(first.timeToExpire).toBeLessThanOrEqual(60);
    expect(await hit(other)).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit(storage)).toMatchObject({ totalHits: 3, isBlocked: false });
    const blocked = await hit(other);
    expect(blocked).toMatchObject({ totalHits: 4, isBlocked: true });
    expect(blocked.timeToBlockExpire).toBeGreaterThan(25);
    expect(blocked.timeToBlockExpire).toBeLessThanOrEqual(30);
    expect(await hit(storage)).toMatchObject({ isBlocked: true });
  });

  it('keeps keys and limits apart', async () => {
    await storage.increment('ip:10.0.0.2', 60_000, 1, 60_000, 'ip');
    expect(await storage.increment('ip:10.0.0.2', 60_000, 1, 60_000, 'ip')).toMatchObject({
      isBlocked: true,
    });
    expect(await storage.increment('ip:10.0.0.3', 60_000, 1, 60_000, 'ip')).toMatchObject({
      isBlocked: false,
    });
    expect(await storage.increment('ip:10.0.0.2', 60_000, 1, 60_000, 'login-ip')).toMatchObject({
      isBlocked: false,
    });
  });

  it('counts atomically under concurrency', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? storage : other).increment('user:u-1', 60_000, 20, 60_000, 'user'),
      ),
    );
    expect(results.filter((r) => !r.isBlocked)).toHaveLength(20);
    const counts = results.filter((r) => !r.isBlocked).map((r) => r.totalHits);
    expect(new Set(counts).size).toBe(20);
  });

  it('starts a fresh window once the block has run out', async () => {
    await storage.increment('ip:10.0.0.4', 60_000, 1, 50, 'ip');
    expect(await storage.increment('ip:10.0.0.4', 60_000, 1, 50, 'ip')).toMatchObject({
      isBlocked: true,
    });
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await storage.increment('ip:10.0.0.4', 60_000, 1, 50, 'ip')).toMatchObject({
      totalHits: 1,
      isBlocked: false,
    });
  });

  it('sets an expiry on every key it writes', async () => {
    const client = new Redis(TEST_REDIS_URL);
    try {
      const keys = await client.keys(`${prefix}*`);
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(await client.pttl(key)).toBeGreaterThan(0);
    } finally {
      client.disconnect();
    }
  });
});

describe('RedisThrottlerStorage without Redis', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it('falls back to counting in memory when Redis cannot answer', async () => {
    const unreachable = new Redis('redis://127.0.0.1:1', {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    const storage = new RedisThrottlerStorage(unreachable, uniqueKeyPrefix());
    const first = await storage.increment('ip:1', 60_000, 1, 60_000, 'ip');
    expect(first).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await storage.increment('ip:1', 60_000, 1, 60_000, 'ip')).toMatchObject({
      isBlocked: true,
    });
    storage.onApplicationShutdown();
    unreachable.disconnect();
  });
});
