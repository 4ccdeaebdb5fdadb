import { Inject, Injectable } from '@nestjs/common';
import { CrmSessionService } from '../auth/crm-session.service.js';
import { AppError } from '../common/errors/app-error.js';
import { warning, type Envelope } from '../common/envelope.js';
import { cacheConfig, type CacheConfig } from '../config/cache.config.js';
import { redisConfig, type RedisConfig } from '../config/redis.config.js';
import { crmFailureMessage } from '../crm/crm-failure-message.js';
import { isCrmError } from '../crm/crm-error.js';
import { RedisConnection } from '../redis/redis-connection.js';
import type { UserEntity } from '../users/user.entity.js';
import { AccountDataCache } from './account-data-cache.js';
import type { AccountDataQuery } from './dto/account-data.query.js';

const MAX_KEYS = 20;
const KEY = /^[A-Za-z0-9_.-]{1,64}$/;

/** Account-level CRM metadata, loaded through the provider and cached per CRM tenant. */
@Injectable()
export class AccountDataService {
  private readonly cache: AccountDataCache;

  constructor(
    private readonly sessions: CrmSessionService,
    @Inject(cacheConfig.KEY) private readonly config: CacheConfig,
    @Inject(redisConfig.KEY) redis: RedisConfig,
    connection: RedisConnection,
  ) {
    this.cache = new AccountDataCache({
      maxEntries: config.maxEntries,
      redis: connection.client,
      redisKeyPrefix: `${redis.keyPrefix}account-data:`,
    });
  }

  async get(user: UserEntity, query: AccountDataQuery): Promise<Envelope> {
    const session = this.sessions.open(user);
    const { provider } = session;
    const keys = [...new Set(query.keys.split(',').map((key) => key.trim()))].filter(Boolean);
    if (keys.length === 0) throw AppError.invalidRequest('keys must name an account data key');
    if (keys.length > MAX_KEYS) {
      throw AppError.invalidRequest(`keys must name at most ${MAX_KEYS} account data keys`);
    }
    const known = provider.loadAccountData ? (provider.accountData?.keys ?? []) : [];
    const unknown = keys.filter((key) => !known.includes(key));
    if (unknown.length > 0) {
      // The official server's answer, word for word (its ttl too).
      const message = `Unknown account data key(s): ${unknown.map(printable).join(', ')}`;
      throw new AppError('INVALID_REQUEST', message, warning(message, 5000));
    }
    const declaration = provider.accountData!;
    const ttlMs = (declaration.ttlSeconds ?? this.config.accountDataTtlSeconds) * 1000;
    const tenant =
      declaration.sharedBy === 'user' ? ['user', user.id] : ['hostname', user.hostname];
    const data: Record<string, unknown> = {};
    try {
      for (const key of keys) {
        data[key] = await this.cache.get(
          JSON.stringify([user.platform, ...tenant, key]),
          ttlMs,
          () => provider.loadAccountData!(session.ctx, key),
          query.forceRefresh === true,
        );
      }
    } catch (error) {
      if (!isCrmError(error) || error.code === 'SESSION_REVOKED') throw error;
      return { successful: false, returnMessage: crmFailureMessage(error) };
    }
    return { successful: true, data };
  }
}

/** A key as it may be echoed back: a known shape, else shortened and stripped of controls. */
function printable(key: string): string {
  if (KEY.test(key)) return key;
  const safe = key.replace(/[^\x20-\x7e]/g, '?');
  return safe.length > 64 ? `${safe.slice(0, 64)}…` : safe;
}
