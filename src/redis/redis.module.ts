import { Global, Module } from '@nestjs/common';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { RedisConnection } from './redis-connection.js';

/** The shared Redis connection (or none without REDIS_URL), for every module. */
@Global()
@Module({
  providers: [
    {
      provide: RedisConnection,
      inject: [redisConfig.KEY],
      useFactory: (config: RedisConfig) => RedisConnection.open(config),
    },
  ],
  exports: [RedisConnection],
})
export class RedisModule {}
