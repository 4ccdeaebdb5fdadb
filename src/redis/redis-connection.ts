import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import type { RedisConfig } from '../config/redis.config.js';

/**
 * The one Redis connection of this instance (REDIS_URL), shared by the rate limiter and the health
 * check; `client` is undefined when no Redis is configured. A slow or absent Redis must not hold
 * requests: commands fail fast instead of queueing, and the client reconnects in the background.
 */
export class RedisConnection implements OnApplicationShutdown {
  private constructor(readonly client: Redis | undefined) {}

  /** Connects before the first request (a Redis that does not answer yet is not fatal). */
  static async open(config: RedisConfig): Promise<RedisConnection> {
    if (!config.url) return new RedisConnection(undefined);
    const logger = new Logger('Redis');
    const client = new Redis(config.url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      commandTimeout: 1000,
      lazyConnect: true,
    });
    // Before connecting: ioredis prints an error nobody listens to as plain text. The rate
    // limiter's listener reports connection errors (at most every 30 s) once it exists.
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
