import { Inject, Injectable, Logger } from '@nestjs/common';
import { crmConfig, type CrmConfig } from '../config/crm.config.js';
import { oauthConfig, type OAuthConfig } from '../config/oauth.config.js';
import { success, warning, type Envelope } from '../common/envelope.js';
import { CrmCallPolicies } from '../crm/crm-call-policies.service.js';
import { isCrmError } from '../crm/crm-error.js';
import { assertSoftCrmFailure } from '../crm/soft-crm-failure.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import type { CrmUserInfo } from '../crm/crm-auth.types.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { CredentialVault } from './credential-vault.service.js';
import { CrmSessionService } from './crm-session.service.js';
import { revokeToken } from './oauth/oauth-token-client.js';
import { tokenTimes } from './oauth/token-times.js';
import { SessionTokenService } from './session-token.service.js';

/** A login the CRM has confirmed (credentials checked by asking it for the user). */
export interface VerifiedLogin {
  provider: CrmProvider;
  hostname: string;
  crmUser: CrmUserInfo;
  credentials: {
    apiKey?: string;
    accessToken?: string;
    refreshToken?: string;
    expiresIn?: number;
    extra?: Record<string, string>;
  };
  /** The RingCentral account whose managed values completed the login. */
  rcAccountKey?: string;
  /** OAuth: the account's managed client that issued the grant (none: the platform's). */
  oauthClient?: { accountKey: string; clientId: string };
}

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly users: UsersService,
    private readonly vault: CredentialVault,
    private readonly sessions: CrmSessionService,
    private readonly registry: CrmRegistry,
    private readonly tokens: SessionTokenService,
    @Inject(crmConfig.KEY) private readonly crm: CrmConfig,
    @Inject(oauthConfig.KEY) private readonly oauth: OAuthConfig,
    private readonly policies: CrmCallPolicies,
  ) {}

  /** Stores the verified login (credentials encrypted) and issues the session token. */
  async completeLogin(login: VerifiedLogin): Promise<Envelope> {
    const { credentials: c } = login;
    const user = await this.users.saveLogin(
      {
        platform: login.provider.platform,
        hostname: login.hostname,
        crmUserId: String(login.crmUser.id),
        name: login.crmUser.name,
        timezone: login.crmUser.timezone,
        authType: login.provider.auth.type,
      },
      (userId) => ({
        apiKey: c.apiKey ? this.vault.encrypt(c.apiKey, userId, 'apiKey') : null,
        accessToken: c.accessToken
          ? this.vault.encrypt(c.accessToken, userId, 'accessToken')
          : null,
        refreshToken: c.refreshToken
          ? this.vault.encrypt(c.refreshToken, userId, 'refreshToken')
          : null,
        ...tokenTimes(c.expiresIn, this.oauth.refreshMarginSeconds),
        extraCredentials:
          c.extra && Object.keys(c.extra).length > 0
            ? this.vault.encrypt(JSON.stringify(c.extra), userId, 'extraCredentials')
            : null,
        oauthAccountKey: login.oauthClient?.accountKey ?? null,
        oauthClientId: login.oauthClient?.clientId ?? null,
      }),
    );
    if (login.rcAccountKey) await this.users.bindRcAccount(user, login.rcAccountKey);
    return {
      successful: true,
      jwtToken: this.tokens.issue(user),
      name: user.name,
      returnMessage: success('Successfully authorized.', 3000),
    };
  }

  /** Logout (docs/client-contract.md, Auth): a failed CRM revocation does not stop the rest. */
  async logout(user: UserEntity): Promise<Envelope> {
    // Not a CRM session: a revoked user still logs out.
    const provider = this.registry.get(user.platform);
    let revokedAtCrm = true;
    if (user.connected && !user.revokedAt) {
      try {
        revokedAtCrm = await this.revokeAtCrm(provider, user);
      } catch (error) {
        revokedAtCrm = false;
        this.logger.warn(
          `Revocation at ${provider.displayName} failed for user ${user.id}: ${describe(error)}`,
        );
      }
    }
    await this.users.signOut(user.id);
    return {
      successful: true,
      returnMessage: revokedAtCrm
        ? success(`Logged out of ${provider.displayName}.`, 3000)
        : warning(
            `Logged out. ${provider.displayName} could not revoke the access, but the stored credentials were removed.`,
            5000,
          ),
    };
  }

  /** GET /authValidation (docs/client-contract.md, Auth): a CRM hiccup never tears down a good login. */
  async validate(user: UserEntity): Promise<Envelope> {
    const { provider, ctx } = this.sessions.open(user);
    try {
      await provider.getUserInfo(ctx);
      return { successful: true };
    } catch (error) {
      assertSoftCrmFailure(error);
      if (error.code === 'AUTH_EXPIRED') {
        return {
          successful: false,
          returnMessage: warning(
            `Your ${provider.displayName} session has expired. Please connect again.`,
            5000,
          ),
        };
      }
      return { successful: true, validated: false };
    }
  }

  /** OAuth: RFC 7009 for both tokens; otherwise the provider's own logout, if it has one. */
  private async revokeAtCrm(provider: CrmProvider, user: UserEntity): Promise<boolean> {
    if (provider.auth.type === 'oauth') {
      const { oauth } = provider.auth;
      // A managed client declares no revocation endpoint, and the platform's would refuse its tokens.
      if (!oauth.revocationUrl || user.oauthAccountKey) return true;
      const via = {
        ...this.policies.forTarget(provider, oauth.revocationUrl),
        deadline: Date.now() + this.crm.timeoutMs,
        crm: provider.displayName,
      };
      const results = await Promise.all([
        user.refreshToken
          ? revokeToken(
              oauth,
              this.vault.decrypt(user.refreshToken, user.id, 'refreshToken'),
              'refresh_token',
              via,
            )
          : true,
        user.accessToken
          ? revokeToken(
              oauth,
              this.vault.decrypt(user.accessToken, user.id, 'accessToken'),
              'access_token',
              via,
            )
          : true,
      ]);
      return results.every(Boolean);
    }
    if (provider.logout) await provider.logout(this.sessions.open(user).ctx);
    return true;
  }
}

const describe = (error: unknown) =>
  isCrmError(error)
    ? `${error.code} (${error.message})`
    : error instanceof Error
      ? error.name
      : 'unknown error';
