import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RedisConfig } from '../config/redis.config.js';

/** This instance's one Redis connection (none without REDIS_URL); commands fail fast. */
export class RedisConnection implements OnApplicationShutdown {
  private constructor(readonly client: Redis | undefined) {}

  static async open(config: RedisConfig): Promise<RedisConnection> {
    if (!config.url) return new RedisConnection(undefined);
    const logger = new Logger('Redis');
    // Loaded only when configured: most single-instance servers never need it.
    const { Redis } = await import('ioredis');
    const client = new Redis(config.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      lazyConnect: true,
    });
    // Else ioredis prints unheard errors as plain text.
    client.on('error', () => undefined);
    await client.connect().then(
      () => logger.log('Connected to Redis: rate-limit counters are shared'),
      (error: Error) =>
        logger.warn(`Redis is not answering (${error.message}); counting in memory until it does`),
    );
    return new RedisConnection(client);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client?.quit().catch(() => this.client?.disconnect());
  }
}
