import { Inject, Injectable, Logger } from '@nestjs/common';
import { crmConfig, type CrmConfig } from '../config/crm.config.js';
import { oauthConfig, type OAuthConfig } from '../config/oauth.config.js';
import { NamedClaims } from '../database/claims/named-claims.service.js';
import { waitForClaim } from '../database/claims/wait-for-claim.js';
import { CrmCallPolicies } from '../crm/crm-call-policies.service.js';
import { CrmError, type CrmErrorCode } from '../crm/crm-error.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { MetricsService } from '../metrics/metrics.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { CredentialVault } from './credential-vault.service.js';
import { OAuthGrantError, refreshGrant } from './oauth/oauth-token-client.js';
import { ManagedOAuthClients } from './managed-oauth-clients.service.js';
import { OAuthStrategies } from './oauth/oauth-strategies.service.js';
import { tokenTimes } from './oauth/token-times.js';

export interface RefreshRequest {
  rejectedAccessToken?: string;
  /** When the asking request's CRM budget ends (epoch ms). */
  deadline?: number;
}

interface Backoff {
  until: number;
  code: CrmErrorCode;
}

const REFRESH_CLAIM_TTL_MS = 30_000;

/**
 * Refreshes OAuth tokens once per user across every instance (one promise here, a claim across
 * instances); an invalid_grant after another rotation is a race, not a revocation.
 */
@Injectable()
export class TokenRefresher {
  private readonly logger = new Logger('TokenRefresher');
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly backoffs = new Map<string, Backoff>();

  constructor(
    private readonly users: UsersService,
    private readonly vault: CredentialVault,
    private readonly claims: NamedClaims,
    private readonly strategies: OAuthStrategies,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
    @Inject(crmConfig.KEY) private readonly crm: CrmConfig,
    private readonly metrics: MetricsService,
    private readonly policies: CrmCallPolicies,
    private readonly managed: ManagedOAuthClients,
  ) {}

  isExpiring(user: Pick<UserEntity, 'tokenRefreshAt'>, now = Date.now()): boolean {
    return user.tokenRefreshAt !== null && user.tokenRefreshAt.getTime() <= now;
  }

  /** A usable access token; a failure says the caller's own request was not sent. */
  async refresh(
    provider: CrmProvider,
    userId: string,
    request: RefreshRequest = {},
  ): Promise<string> {
    const deadline = request.deadline ?? Date.now() + this.crm.timeoutMs;
    const key = `${userId}:${request.rejectedAccessToken ?? ''}`;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = this.refreshAcrossInstances(provider, userId, request, deadline).finally(() =>
        this.inFlight.delete(key),
      );
      this.inFlight.set(key, pending);
    }
    try {
      return await untilDeadline(pending, deadline, provider.displayName);
    } catch (error) {
      throw error instanceof CrmError && error.code !== 'SESSION_REVOKED'
        ? error.with({ notSent: true, outcomeUnknown: false })
        : error;
    }
  }

  private async refreshAcrossInstances(
    provider: CrmProvider,
    userId: string,
    request: RefreshRequest,
    deadline: number,
  ): Promise<string> {
    const started = Date.now();
    const waitUntil = Math.min(started + this.config.refreshWaitMs, deadline);
    const claimKey = `refresh:${userId}`;
    const token = await waitForClaim(async () => {
      if (Date.now() >= waitUntil) return undefined;
      const user = await this.load(provider, userId);
      const usable = this.usableToken(user, request);
      if (usable) return usable;
      const claim = await this.claims.tryClaim(claimKey, REFRESH_CLAIM_TTL_MS);
      if (!claim) return undefined;
      try {
        // Re-read after winning: the previous holder may have refreshed just now.
        const current = await this.load(provider, userId);
        return (
          this.usableToken(current, request) ?? (await this.refreshNow(provider, current, deadline))
        );
      } finally {
        await this.claims.release(claimKey, claim);
      }
    }, waitUntil - started);
    if (token !== undefined) return token;
    throw new CrmError('UNAVAILABLE', `waited ${waitUntil - started} ms for a token refresh`, {
      crm: provider.displayName,
      operation: 'refreshToken',
      // The request's own budget ran out (rather than TOKEN_REFRESH_WAIT_MS): "did not respond in time".
      timedOut: waitUntil === deadline,
      notSent: true,
    });
  }

  private async refreshNow(
    provider: CrmProvider,
    user: UserEntity,
    deadline: number,
  ): Promise<string> {
    const oauth =
      (await this.managed.forUser(provider, user)) ?? this.strategies.get(provider.platform)?.oauth;
    if (!oauth || !user.refreshToken) {
      throw new CrmError('AUTH_EXPIRED', `no refresh token for user ${user.id}`, {
        crm: provider.displayName,
      });
    }
    this.throwIfBackingOff(provider);
    const refreshToken = this.vault.decrypt(user.refreshToken, user.id, 'refreshToken');
    try {
      const tokens = await refreshGrant(oauth, refreshToken, {
        ...this.policies.forTarget(provider, oauth.tokenUrl),
        deadline,
        crm: provider.displayName,
      });
      await this.store(user, refreshToken, {
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
      if (!(error instanceof OAuthGrantError) || error.oauthError !== 'invalid_grant') {
        this.metrics.tokenRefreshed(provider.platform, 'failed');
        if (error instanceof CrmError) this.rememberRetryAfter(provider, error);
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

  /** Stores the tokens unless the connection ended or changed meanwhile (logout, revocation, login). */
  private async store(
    user: UserEntity,
    refreshToken: string,
    tokens: Parameters<UsersService['updateTokens']>[2],
  ): Promise<void> {
    if (await this.users.updateTokens(user.id, user, tokens)) return;
    // Key rotation may have re-encrypted the same refresh token meanwhile: still this grant.
    const latest = await this.users.findById(user.id);
    const sameGrant =
      latest?.refreshToken &&
      !latest.revokedAt &&
      latest.tokenVersion === user.tokenVersion &&
      this.vault.decrypt(latest.refreshToken, latest.id, 'refreshToken') === refreshToken;
    if (sameGrant && (await this.users.updateTokens(user.id, latest, tokens))) return;
    this.logger.debug(`The connection of user ${user.id} changed during a refresh: not stored`);
  }

  /** The token endpoint asked for a pause: no refresh is sent for this platform until it ends. */
  private rememberRetryAfter(provider: CrmProvider, error: CrmError): void {
    if (error.retryAfterSeconds === undefined || error.retryAfterSeconds <= 0) return;
    this.backoffs.set(provider.platform, {
      until: Date.now() + error.retryAfterSeconds * 1000,
      code: error.code === 'RATE_LIMITED' ? 'RATE_LIMITED' : 'UNAVAILABLE',
    });
  }

  private throwIfBackingOff(provider: CrmProvider): void {
    const backoff = this.backoffs.get(provider.platform);
    if (!backoff) return;
    const left = backoff.until - Date.now();
    if (left <= 0) {
      this.backoffs.delete(provider.platform);
      return;
    }
    throw new CrmError(backoff.code, `${provider.displayName} token endpoint asked to wait`, {
      crm: provider.displayName,
      operation: 'refreshToken',
      retryAfterSeconds: Math.ceil(left / 1000),
      notSent: true,
    });
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

  private usableToken(user: UserEntity, request: RefreshRequest): string | undefined {
    if (!user.accessToken) return undefined;
    const token = this.vault.decrypt(user.accessToken, user.id, 'accessToken');
    if (request.rejectedAccessToken !== undefined)
      return token !== request.rejectedAccessToken ? token : undefined;
    return this.isExpiring(user) ? undefined : token;
  }
}

/** `work`, or a timed-out CrmError once `deadline` passes (the work itself goes on for others). */
function untilDeadline<T>(work: Promise<T>, deadline: number, crm: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CrmError('UNAVAILABLE', `${crm} token refresh did not finish within the budget`, {
            crm,
            operation: 'refreshToken',
            timedOut: true,
            notSent: true,
          }),
        ),
      Math.max(0, deadline - Date.now()),
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
