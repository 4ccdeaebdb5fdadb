import { Global, Module } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { InvalidationBus } from './invalidation-bus.js';
import { RedisConnection } from './redis-connection.js';

/** The shared Redis connection (or none without REDIS_URL) and the cache invalidation bus. */
@Global()
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig) => RedisConnection.open(config),
    },
    {
      provide: InvalidationBus,
      inject: [redisConfig.KEY, RedisConnection],
      useFactory: (config: RedisConfig, connection: RedisConnection) =>
        InvalidationBus.open(config, connection),
    },
  ],
  exports: [RedisConnection, InvalidationBus],
})
export class RedisModule {}
