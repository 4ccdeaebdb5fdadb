import { Inject, Injectable, Logger } from '@nestjs/common';
import { crmConfig, type CrmConfig } from '../config/crm.config.js';
import { oauthConfig, type OAuthConfig } from '../config/oauth.config.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmProvider } from '../crm/crm-provider.interface.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { CredentialVault } from './credential-vault.service.js';
import { LeaseService } from '../database/leases/lease.service.js';
import { OAuthGrantError, refreshGrant } from './oauth/oauth-token-client.js';
import { OAuthStrategies } from './oauth/oauth-strategies.service.js';
import { tokenTimes } from './oauth/token-times.js';

export interface RefreshRequest {
  /** The access token the CRM just refused (401), if that is why we refresh. */
  rejectedAccessToken?: string;
}

const LEASE_TTL_MS = 30_000;

/**
 * Refreshes OAuth tokens once per user across every instance: callers in this process share one
 * promise; instances share a lease row. Whoever waits re-reads the user and takes the tokens another
 * instance already stored. An invalid_grant after someone else rotated the refresh token is a race,
 * not a revocation.
 */
@Injectable()
export class TokenRefresher {
  private readonly logger = new Logger('TokenRefresher');
  private readonly inFlight = new Map<string, Promise<string>>();

  constructor(
    private readonly users: UsersService,
    private readonly vault: CredentialVault,
    private readonly leases: LeaseService,
    private readonly strategies: OAuthStrategies,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
    @Inject(crmConfig.KEY) private readonly crm: CrmConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** Whether a stored token is due for a refresh before it is used. */
  isExpiring(user: Pick<UserEntity, 'tokenRefreshAt'>, now = Date.now()): boolean {
    return user.tokenRefreshAt !== null && user.tokenRefreshAt.getTime() <= now;
  }

  /** A usable access token for the user, refreshing if needed. */
  refresh(provider: CrmProvider, userId: string, request: RefreshRequest = {}): Promise<string> {
    const key = `${userId}:${request.rejectedAccessToken ?? ''}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.refreshAcrossInstances(provider, userId, request).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, pending);
    }
    return pending;
  }

  private async refreshAcrossInstances(
    provider: CrmProvider,
    userId: string,
    request: RefreshRequest,
  ): Promise<string> {
    const deadline = Date.now() + this.config.refreshWaitMs;
    const leaseKey = `refresh:${userId}`;
    for (let attempt = 0; Date.now() < deadline; attempt += 1) {
      const user = await this.load(provider, userId);
      const usable = this.usableToken(user, request);
      if (usable) return usable;
      const owner = await this.leases.tryAcquire(leaseKey, LEASE_TTL_MS);
      if (!owner) {
        await sleep(Math.min(50 * 2 ** attempt, 400) * (0.5 + Math.random()));
        continue;
      }
      try {
        // Re-read after winning: the previous holder may have refreshed just now.
        const current = await this.load(provider, userId);
        return this.usableToken(current, request) ?? (await this.refreshNow(provider, current));
      } finally {
        await this.leases.release(leaseKey, owner);
      }
    }
    throw new CrmError(
      'UNAVAILABLE',
      `waited over ${this.config.refreshWaitMs} ms for a token refresh`,
      {
        crm: provider.displayName,
        operation: 'refreshToken',
      },
    );
  }

  private async refreshNow(provider: CrmProvider, user: UserEntity): Promise<string> {
    const oauth = this.strategies.get(provider.platform);
    if (!oauth || !user.refreshToken) {
      throw new CrmError('AUTH_EXPIRED', `no refresh token for user ${user.id}`, {
        crm: provider.displayName,
      });
    }
    const refreshToken = this.vault.decrypt(user.refreshToken, user.id, 'refreshToken');
    try {
      const tokens = await refreshGrant(
        oauth.strategy.client,
        refreshToken,
        provider.displayName,
        this.crm.timeoutMs,
      );
      await this.users.updateTokens(user.id, {
        accessToken: this.vault.encrypt(tokens.accessToken, user.id, 'accessToken'),
        refreshToken: tokens.refreshToken
          ? this.vault.encrypt(tokens.refreshToken, user.id, 'refreshToken')
          : user.refreshToken,
        ...tokenTimes(tokens.expiresIn, this.config.refreshMarginSeconds),
      });
      this.logger.debug(`Refreshed the ${provider.platform} token of user ${user.id}`);
      this.metrics.tokenRefreshed(provider.platform, 'refreshed');
      return tokens.accessToken;
    } catch (error) {
      if (!(error instanceof OAuthGrantError) || error.code !== 'invalid_grant') {
        this.metrics.tokenRefreshed(provider.platform, 'failed');
        throw error;
      }
      // Another instance may have rotated the refresh token after we read it: then it is no revocation.
      const latest = await this.users.findById(user.id);
      if (latest?.refreshToken && latest.refreshToken !== user.refreshToken && latest.accessToken) {
        this.metrics.tokenRefreshed(provider.platform, 'raced');
        return this.vault.decrypt(latest.accessToken, latest.id, 'accessToken');
      }
      this.metrics.tokenRefreshed(provider.platform, 'revoked');
      this.logger.warn(
        `${provider.displayName} refused the refresh token of user ${user.id}: marked revoked`,
      );
      await this.users.markRevoked(user.id);
      throw new CrmError('SESSION_REVOKED', `refresh grant of user ${user.id} is invalid`, {
        crm: provider.displayName,
      });
    }
  }

  private async load(provider: CrmProvider, userId: string): Promise<UserEntity> {
    const user = await this.users.findById(userId);
    if (!user || user.revokedAt) {
      throw new CrmError('SESSION_REVOKED', `user ${userId} has no live CRM connection`, {
        crm: provider.displayName,
      });
    }
    return user;
  }

  /** The stored access token, if it can be used as it is for this request. */
  private usableToken(user: UserEntity, request: RefreshRequest): string | undefined {
    if (!user.accessToken) return undefined;
    const token = this.vault.decrypt(user.accessToken, user.id, 'accessToken');
    if (request.rejectedAccessToken !== undefined)
      return token !== request.rejectedAccessToken ? token : undefined;
    return this.isExpiring(user) ? undefined : token;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
