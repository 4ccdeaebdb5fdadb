import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { IsNull, type QueryDeepPartialEntity, type Repository } from 'typeorm';
import { cacheConfig, type CacheConfig } from '../config/cache.config.js';
import { isUniqueViolation } from '../database/unique-violation.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { InvalidationBus } from '../redis/invalidation-bus.js';
import { UserSessionCache } from './user-session-cache.js';
import { UserEntity, type UserAuthType, type UserSettings } from './user.entity.js';

export interface LoginIdentity {
  platform: string;
  hostname: string;
  crmUserId: string;
  name: string;
  timezone?: string;
  authType: UserAuthType;
}

export interface EncryptedCredentials {
  apiKey?: string | null;
  accessToken?: string | null;
  refreshToken?: string | null;
  extraCredentials?: string | null;
  tokenExpiresAt?: Date | null;
  tokenRefreshAt?: Date | null;
  oauthAccountKey?: string | null;
  oauthClientId?: string | null;
}

@Injectable()
export class UsersService {
  private readonly sessionCache: UserSessionCache;

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(cacheConfig.KEY) cache: CacheConfig,
    metrics: MetricsService,
    bus: InvalidationBus,
  ) {
    this.sessionCache = new UserSessionCache(cache.userTtlMs, cache.maxEntries, bus, {
      onLookup: metrics.cacheObserver('user_sessions'),
    });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  /** The user a session token names, cached (UserSessionCache); shared, so never mutate it. */
  findForSession(id: string): Promise<UserEntity | null> {
    return this.sessionCache.get(id, () => this.findById(id));
  }

  private forget(id: string): Promise<void> {
    return this.sessionCache.forget(id);
  }

  /** Creates or updates the user of a login; `encrypt` gets the id the vault binds values to. */
  async saveLogin(
    identity: LoginIdentity,
    encrypt: (userId: string) => EncryptedCredentials,
  ): Promise<UserEntity> {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const existing = await this.users.findOneBy({
        platform: identity.platform,
        hostname: identity.hostname,
        crmUserId: identity.crmUserId,
      });
      if (existing) {
        await this.users.update(
          { id: existing.id },
          {
            name: identity.name,
            timezone: identity.timezone ?? existing.timezone,
            authType: identity.authType,
            revokedAt: null,
            apiKey: null,
            accessToken: null,
            refreshToken: null,
            extraCredentials: null,
            tokenExpiresAt: null,
            tokenRefreshAt: null,
            oauthAccountKey: null,
            oauthClientId: null,
            ...encrypt(existing.id),
          },
        );
        await this.forget(existing.id);
        return await this.users.findOneByOrFail({ id: existing.id });
      }
      const id = randomUUID();
      const user = this.users.create({
        id,
        ...identity,
        timezone: identity.timezone ?? null,
        apiKey: null,
        accessToken: null,
        refreshToken: null,
        extraCredentials: null,
        tokenExpiresAt: null,
        tokenRefreshAt: null,
        revokedAt: null,
        oauthAccountKey: null,
        oauthClientId: null,
        tokenVersion: 1,
        settings: {},
        ...encrypt(id),
      });
      try {
        return await this.users.save(user);
      } catch (error) {
        // A concurrent first login of the same identity won: update its row instead.
        if (!isUniqueViolation(error)) throw error;
      }
    }
    throw new Error('Could not save the login after repeated concurrent attempts');
  }

  async updateProfile(
    userId: string,
    profile: { name: string; timezone: string | null },
  ): Promise<void> {
    await this.users.update({ id: userId }, profile);
    await this.forget(userId);
  }

  /** Remembers the RingCentral account (hashed) a user proved; its policy then shapes their settings. */
  async bindRcAccount(user: UserEntity, accountKey: string): Promise<void> {
    if (user.rcAccountKey === accountKey) return;
    await this.users.update({ id: user.id }, { rcAccountKey: accountKey });
    await this.forget(user.id);
  }

  /** Compare-and-swap on the settings version: false when another write won. */
  async replaceSettings(userId: string, version: number, settings: UserSettings): Promise<boolean> {
    const written = await this.users.update({ id: userId, settingsVersion: version }, {
      settings,
      settingsVersion: version + 1,
    } as QueryDeepPartialEntity<UserEntity>);
    if (written.affected !== 1) return false;
    await this.forget(userId);
    return true;
  }

  /** Stores refreshed tokens only while the row still holds their grant (none after a logout). */
  async updateTokens(
    userId: string,
    grant: Pick<UserEntity, 'tokenVersion' | 'refreshToken'>,
    tokens: {
      accessToken: string;
      refreshToken: string | null;
      tokenExpiresAt: Date | null;
      tokenRefreshAt: Date | null;
    },
  ): Promise<boolean> {
    const written = await this.users.update(
      {
        id: userId,
        tokenVersion: grant.tokenVersion,
        refreshToken: grant.refreshToken ?? IsNull(),
        revokedAt: IsNull(),
      },
      tokens,
    );
    if (written.affected !== 1) return false;
    await this.forget(userId);
    return true;
  }

  /** Tokens deleted; SESSION_REVOKED until the user connects again. */
  async markRevoked(userId: string): Promise<void> {
    await this.users.update(
      { id: userId },
      {
        accessToken: null,
        refreshToken: null,
        tokenExpiresAt: null,
        tokenRefreshAt: null,
        revokedAt: new Date(),
      },
    );
    await this.forget(userId);
  }

  /** Logout: credentials deleted, earlier session tokens refused; call-log mappings stay. */
  async signOut(userId: string): Promise<void> {
    await this.users
      .createQueryBuilder()
      .update(UserEntity)
      .set({
        apiKey: null,
        accessToken: null,
        refreshToken: null,
        extraCredentials: null,
        tokenExpiresAt: null,
        tokenRefreshAt: null,
        tokenVersion: () => 'token_version + 1',
      })
      .where('id = :id', { id: userId })
      .execute();
    await this.forget(userId);
  }
}
