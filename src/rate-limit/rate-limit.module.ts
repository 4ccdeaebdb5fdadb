import { Module } from '@nestjs/common';
import { APP_GUARD, Reflector } from '@nestjs/core';
import {
  getOptionsToken,
  getStorageToken,
  ThrottlerStorageService,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
} from '@nestjs/throttler';
import type { ExecutionContext } from '@nestjs/common';
import type { HttpRequest } from '../common/http/http-types.js';
import { rateLimitConfig, type RateLimitConfig } from '../config/rate-limit.config.js';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { RedisConnection } from '../redis/redis-connection.js';
import { RATE_LIMIT_KINDS, type RateLimitKind } from '../common/http/rate-limit.decorator.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { SessionTokenReaderModule } from '../auth/session-token-reader.module.js';
import { RateLimitKeys } from './rate-limit-keys.js';
import { RedisThrottlerStorage } from './redis-throttler.storage.js';

export function rateLimitOptions(
  config: RateLimitConfig,
  reflector: Reflector,
  keys: RateLimitKeys,
): ThrottlerModuleOptions {
  const ttl = config.windowSeconds * 1000;
  const request = (context: ExecutionContext) => context.switchToHttp().getRequest<HttpRequest>();
  const optedIn = (kind: RateLimitKind) => (context: ExecutionContext) =>
    (
      reflector.getAllAndOverride<RateLimitKind[]>(RATE_LIMIT_KINDS, [
        context.getHandler(),
        context.getClass(),
      ]) ?? []
    ).includes(kind);
  const byIp = (req: Record<string, unknown>) => keys.ip(req as unknown as HttpRequest);
  const throttlers: ThrottlerOptions[] = [
    { name: 'ip', ttl, limit: config.perIp, getTracker: byIp },
    {
      name: 'user',
      ttl,
      limit: config.perUser,
      skipIf: (context) => keys.sessionUser(request(context)) === null,
      getTracker: (req) => keys.sessionUser(req as unknown as HttpRequest) ?? '',
    },
    {
      name: 'login-ip',
      ttl,
      limit: config.loginPerIp,
      skipIf: (context) => !optedIn('login')(context),
      getTracker: byIp,
    },
    {
      name: 'login-platform',
      ttl,
      limit: config.loginPerPlatform,
      skipIf: (context) => !optedIn('loginPerPlatform')(context),
      getTracker: (req) => keys.platform(req as unknown as HttpRequest),
    },
    {
      name: 'user-info-hash',
      ttl,
      limit: config.userInfoHashPerIp,
      skipIf: (context) => !optedIn('userInfoHash')(context),
      getTracker: byIp,
    },
  ];
  return {
    // A named limit's own skipIf replaces the common one, so "off" must mean no limits at all.
    throttlers: config.enabled ? throttlers : [],
    // One counter per limit and key across all routes (the default would count per route).
    generateKey: (_context, tracker, name) => `${name}:${tracker}`,
    skipIf: () => !config.enabled,
    setHeaders: false,
  };
}

export function rateLimitStorage(connection: RedisConnection, redis: RedisConfig) {
  return connection.client
    ? new RedisThrottlerStorage(connection.client, redis.keyPrefix)
    : new ThrottlerStorageService();
}

/** Inbound rate limits as a global guard, running before the session guard. */
@Module({
  imports: [SessionTokenReaderModule],
  providers: [
    RateLimitKeys,
    {
      provide: getStorageToken(),
      inject: [RedisConnection, redisConfig.KEY],
      useFactory: rateLimitStorage,
    },
    {
      provide: getOptionsToken(),
      inject: [rateLimitConfig.KEY, Reflector, RateLimitKeys],
      useFactory: rateLimitOptions,
    },
    { provide: APP_GUARD, useClass: RateLimitGuard },
  ],
})
export class RateLimitModule {}
