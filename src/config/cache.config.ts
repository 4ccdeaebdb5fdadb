import { IsInt, Max, Min } from 'class-validator';
import { defineConfig, envInt } from './define-config.js';

/** Short per-instance caches on the hot paths. */
export class CacheConfig {
  @IsInt({ message: 'USER_CACHE_TTL_MS must be an integer' })
  @Min(0, { message: 'USER_CACHE_TTL_MS must not be negative' })
  @Max(60_000, { message: 'USER_CACHE_TTL_MS must be at most 60000' })
  userTtlMs: number;

  @IsInt({ message: 'CONTACT_CACHE_TTL_SECONDS must be an integer' })
  @Min(0, { message: 'CONTACT_CACHE_TTL_SECONDS must not be negative' })
  contactTtlSeconds: number;

  @IsInt({ message: 'CONTACT_CACHE_MISS_TTL_SECONDS must be an integer' })
  @Min(0, { message: 'CONTACT_CACHE_MISS_TTL_SECONDS must not be negative' })
  contactMissTtlSeconds: number;

  @IsInt({ message: 'ACCOUNT_DATA_TTL_SECONDS must be an integer' })
  @Min(0, { message: 'ACCOUNT_DATA_TTL_SECONDS must not be negative' })
  accountDataTtlSeconds: number;

  @IsInt({ message: 'CACHE_MAX_ENTRIES must be an integer' })
  @Min(0, { message: 'CACHE_MAX_ENTRIES must not be negative' })
  maxEntries: number;
}

export const cacheConfig = defineConfig('cache', CacheConfig, (env) => ({
  userTtlMs: envInt(env.USER_CACHE_TTL_MS, 2000),
  contactTtlSeconds: envInt(env.CONTACT_CACHE_TTL_SECONDS, 600),
  contactMissTtlSeconds: envInt(env.CONTACT_CACHE_MISS_TTL_SECONDS, 60),
  accountDataTtlSeconds: envInt(env.ACCOUNT_DATA_TTL_SECONDS, 86_400),
  maxEntries: envInt(env.CACHE_MAX_ENTRIES, 10_000),
}));
