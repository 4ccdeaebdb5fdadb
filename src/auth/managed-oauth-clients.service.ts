import { Inject, Injectable } from '@nestjs/common';
import { AppError } from '../common/errors/app-error.js';
import { crmHostsConfig, type CrmHostsConfig } from '../config/crm-hosts.config.js';
import { oauthConfig, type OAuthConfig } from '../config/oauth.config.js';
import type { OAuthClientDeclaration } from '../crm/crm-auth.types.js';
import { CrmError } from '../crm/crm-error.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { HostRuleError } from '../crm/hosts/client-host-rule.js';
import { CrmHostPolicy } from '../crm/hosts/crm-host-policy.service.js';
import type { UserEntity } from '../users/user.entity.js';
import {
  checkManagedOAuthValues,
  scopesOf,
  type ManagedOAuthValues,
} from './managed-oauth-values.js';
import { ManagedOAuthService } from './managed-oauth.service.js';

export type ManagedClientSource = 'account' | 'pending';

/** An account's client standing in for the platform's in one sign-in. */
export interface ManagedClient {
  accountKey: string;
  source: ManagedClientSource;
  values: ManagedOAuthValues;
  oauth: OAuthClientDeclaration;
}

/** Which OAuth client a sign-in or a refresh uses: the account's managed one, or the platform's. */
@Injectable()
export class ManagedOAuthClients {
  constructor(
    private readonly store: ManagedOAuthService,
    private readonly registry: CrmRegistry,
    private readonly hosts: CrmHostPolicy,
    @Inject(oauthConfig.KEY) private readonly oauthSettings: OAuthConfig,
    @Inject(crmHostsConfig.KEY) private readonly hostSettings: CrmHostsConfig,
  ) {}

  /**
   * Checks an admin's values (400 naming what is wrong). The request names no platform, so the
   * token endpoint must be on the hosts of some OAuth platform (the secret goes there); each
   * sign-in checks it again against its own platform.
   */
  async check(input: unknown): Promise<ManagedOAuthValues> {
    const values = checkManagedOAuthValues(input, {
      redirectUris: this.oauthSettings.redirectUris,
      allowLoopbackHttp: this.hostSettings.allowPrivateHosts,
    });
    const tokenUrl = new URL(values.accessTokenUri);
    for (const provider of this.registry.all()) {
      if (provider.auth.type !== 'oauth') continue;
      try {
        await this.hosts.checkSecretTarget(provider, tokenUrl, 'values.accessTokenUri');
        return values;
      } catch (error) {
        if (!(error instanceof HostRuleError)) throw error;
      }
    }
    throw AppError.invalidRequest(
      `values.accessTokenUri ${tokenUrl.host} is not a host of an OAuth CRM of this server (or not over https to a public address)`,
    );
  }

  /**
   * At /oauth-start: the account's completed client, else (for an admin) the pending one. Pending
   * values are per account: those whose token URL is not on this platform's hosts are for another.
   */
  async forStart(
    provider: CrmProvider,
    accountKey: string,
    isAdmin: boolean,
  ): Promise<ManagedClient | undefined> {
    const account = await this.store.account(accountKey, provider.platform);
    if (account) {
      const oauth = await this.declaration(provider, account);
      return { accountKey, source: 'account', values: account, oauth };
    }
    const pending = isAdmin ? await this.store.pending(accountKey) : undefined;
    if (!pending) return undefined;
    try {
      const oauth = await this.declaration(provider, pending);
      return { accountKey, source: 'pending', values: pending, oauth };
    } catch (error) {
      if (error instanceof HostRuleError) return undefined;
      throw error;
    }
  }

  /** At the callback: the client the sign-in started with, unless it changed or went meanwhile. */
  async forCallback(
    provider: CrmProvider,
    accountKey: string,
    source: ManagedClientSource,
    clientId: string,
  ): Promise<ManagedClient | undefined> {
    const values =
      source === 'account'
        ? await this.store.account(accountKey, provider.platform)
        : await this.store.pending(accountKey);
    if (!values || values.clientId !== clientId) return undefined;
    return { accountKey, source, values, oauth: await this.declaration(provider, values) };
  }

  /** For a refresh: the client that issued the user's grant; gone or replaced is AUTH_EXPIRED. */
  async forUser(
    provider: CrmProvider,
    user: UserEntity,
  ): Promise<OAuthClientDeclaration | undefined> {
    if (!user.oauthAccountKey) return undefined;
    const values = await this.store.account(user.oauthAccountKey, provider.platform);
    if (!values || values.clientId !== user.oauthClientId) {
      throw new CrmError(
        'AUTH_EXPIRED',
        `the managed OAuth client that signed user ${user.id} in was removed or replaced`,
        { crm: provider.displayName },
      );
    }
    try {
      return await this.declaration(provider, values);
    } catch (error) {
      if (!(error instanceof HostRuleError)) throw error;
      throw new CrmError('UNAVAILABLE', `managed OAuth client refused: ${error.message}`, {
        crm: provider.displayName,
      });
    }
  }

  /** The platform's declaration with the account's client, endpoints and scopes. Throws HostRuleError. */
  private async declaration(
    provider: CrmProvider,
    values: ManagedOAuthValues,
  ): Promise<OAuthClientDeclaration> {
    if (provider.auth.type !== 'oauth') {
      throw new HostRuleError(`${provider.displayName} does not sign in with OAuth`);
    }
    const tokenUrl = new URL(values.accessTokenUri);
    await this.hosts.checkSecretTarget(provider, tokenUrl, 'the managed OAuth token URL');
    const { oauth } = provider.auth;
    return {
      authorizationUrl: values.authorizationUri,
      tokenUrl: tokenUrl.href,
      scopes: scopesOf(values) ?? oauth.scopes,
      pkce: oauth.pkce,
      clientId: values.clientId,
      clientSecret: values.clientSecret,
      authorizationParams: oauth.authorizationParams,
    };
  }
}
