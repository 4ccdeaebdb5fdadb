import { Inject, Injectable, Logger } from '@nestjs/common';
import type { HttpRequest, HttpReply } from '../../common/http/http-types.js';
import { appConfig, type AppConfig } from '../../config/app.config.js';
import { crmConfig, type CrmConfig } from '../../config/crm.config.js';
import { oauthConfig, type OAuthConfig } from '../../config/oauth.config.js';
import { AppError } from '../../common/errors/app-error.js';
import { warning, type Envelope } from '../../common/envelope.js';
import { CrmContextFactory } from '../../crm/crm-context.factory.js';
import { isCrmError } from '../../crm/crm-error.js';
import type { CrmProvider } from '../../crm/crm-provider.js';
import { CrmRegistry } from '../../crm/crm-registry.service.js';
import { HostRuleError } from '../../crm/hosts/client-host-rule.js';
import { CrmHostPolicy } from '../../crm/hosts/crm-host-policy.service.js';
import { AdminAccessService } from '../../admin/admin-access.service.js';
import { rcAccessTokenOf } from '../../ringcentral/rc-access-token.decorator.js';
import { AuthService } from '../auth.service.js';
import { ManagedOAuthClients, type ManagedClient } from '../managed-oauth-clients.service.js';
import { ManagedOAuthService } from '../managed-oauth.service.js';
import { staticCredentials } from '../static-credentials.js';
import type { OAuthTokens } from './crm-oauth2.strategy.js';
import { reassembleCallback } from './callback-query.js';
import { OAuthStrategies } from './oauth-strategies.service.js';
import { withTimeout } from './oauth-token-client.js';

/** Shown (200, no jwtToken) for a bad, expired or reused state: the client has no catch here. */
const LINK_INVALID = 'Login link expired or invalid. Please connect again.';

export class OAuthStartError extends Error {}

/** The OAuth logins: the client's popup (/oauth-start, /oauth-callback) and a server flow. */
@Injectable()
export class OAuthLoginService {
  private readonly logger = new Logger('OAuthLogin');

  constructor(
    private readonly registry: CrmRegistry,
    private readonly strategies: OAuthStrategies,
    private readonly contexts: CrmContextFactory,
    private readonly auth: AuthService,
    private readonly hosts: CrmHostPolicy,
    private readonly access: AdminAccessService,
    private readonly managed: ManagedOAuthClients,
    private readonly managedStore: ManagedOAuthService,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(crmConfig.KEY) private readonly crm: CrmConfig,
  ) {}

  /** GET /oauth-start/:platform: checks the client-built query, then redirects to the CRM. */
  async start(
    platform: string,
    hostname: string | undefined,
    req: HttpRequest,
    res: HttpReply,
  ): Promise<void> {
    const provider = this.oauthProvider(platform);
    if (!provider || provider.auth.type !== 'oauth')
      throw new OAuthStartError('This CRM does not sign in with OAuth.');
    const query = req.query as Record<string, unknown>;
    if (query.response_type !== undefined && query.response_type !== 'code') {
      throw new OAuthStartError('Only the authorization-code flow is supported.');
    }
    const managed = await this.managedClient(provider, req);
    const knownClient =
      query.client_id === provider.auth.oauth.clientId ||
      (managed !== undefined && query.client_id === managed.oauth.clientId);
    if (!knownClient) throw new OAuthStartError('Unknown client_id.');
    if (
      typeof query.redirect_uri !== 'string' ||
      !this.config.redirectUris.includes(query.redirect_uri)
    ) {
      throw new OAuthStartError('redirect_uri is not an allowed redirect URI.');
    }
    if (query.state !== `platform=${platform}`) throw new OAuthStartError('Unexpected state.');
    await this.strategies.redirectToCrm(
      platform,
      req,
      res,
      managed?.values.redirectUri ?? query.redirect_uri,
      {
        platform,
        hostname: await this.hostnameFor(provider, hostname ?? managed?.values.hostname),
        client: managed && {
          accountKey: managed.accountKey,
          source: managed.source,
          clientId: managed.values.clientId,
        },
      },
      managed?.oauth,
    );
  }

  /**
   * With the client's RingCentral token (X-RC-Access-Token or `rcAccessToken`), the account's
   * managed client if it has one; a token RingCentral refuses is a refused start, never a fallback.
   */
  private async managedClient(
    provider: CrmProvider,
    req: HttpRequest,
  ): Promise<ManagedClient | undefined> {
    try {
      const token = rcAccessTokenOf(req);
      if (!token) return undefined;
      const { accountKey, isAdmin } = await this.access.identity(token);
      return await this.managed.forStart(provider, accountKey, isAdmin);
    } catch (error) {
      if (error instanceof AppError) throw new OAuthStartError(`${error.message}.`);
      if (error instanceof HostRuleError) {
        throw new OAuthStartError(`The account's OAuth settings are refused: ${error.message}.`);
      }
      throw error;
    }
  }

  async serverLogin(platform: string, req: HttpRequest, res: HttpReply): Promise<void> {
    const provider = this.oauthProvider(platform);
    if (!provider) throw new OAuthStartError('This CRM does not sign in with OAuth.');
    const { hostname: named } = req.query as Record<string, unknown>;
    const hostname = typeof named === 'string' ? named : undefined;
    await this.strategies.redirectToCrm(platform, req, res, this.serverCallbackUrl(platform), {
      platform,
      hostname: await this.hostnameFor(provider, hostname),
    });
  }

  async clientCallback(req: HttpRequest, res: HttpReply): Promise<Envelope> {
    const rawQuery = req.url.includes('?') ? req.url.slice(req.url.indexOf('?') + 1) : '';
    const params = reassembleCallback(rawQuery);
    if (
      params.redirectBase === undefined &&
      params.code === undefined &&
      params.error === undefined
    ) {
      throw AppError.invalidRequest('callbackUri is required');
    }
    const redirectUri = params.redirectBase ?? this.config.redirectUris[0];
    if (!this.config.redirectUris.includes(redirectUri)) {
      throw AppError.invalidRequest('callbackUri does not start with an allowed redirect URI');
    }
    if (params.error) return failure('Authorization was cancelled');
    return this.exchange(req, res, params.code, params.state, redirectUri, params.hostname);
  }

  serverCallback(platform: string, req: HttpRequest, res: HttpReply): Promise<Envelope> {
    const params = reassembleCallback(req.url.split('?')[1] ?? '');
    if (params.error) return Promise.resolve(failure('Authorization was cancelled'));
    return this.exchange(
      req,
      res,
      params.code,
      params.state,
      this.serverCallbackUrl(platform),
      undefined,
      platform,
    );
  }

  private async exchange(
    req: HttpRequest,
    res: HttpReply,
    code: string | undefined,
    state: string | undefined,
    redirectUri: string,
    requestHostname: string | undefined,
    expectedPlatform?: string,
  ): Promise<Envelope> {
    if (!code || !state) return failure(LINK_INVALID);
    const signed = this.strategies.peek(state);
    const provider = signed && this.oauthProvider(signed.p);
    if (!signed || !provider || (expectedPlatform && signed.p !== expectedPlatform)) {
      this.logger.warn('OAuth callback with a state this server did not issue');
      return failure(LINK_INVALID);
    }
    let managed: ManagedClient | undefined;
    if (signed.a !== undefined) {
      const client = await this.strategies.clientOf(signed);
      if (!client) return failure(LINK_INVALID);
      try {
        managed = await this.managed.forCallback(
          provider,
          client.accountKey,
          client.source,
          client.clientId,
        );
      } catch (error) {
        if (!(error instanceof HostRuleError)) throw error;
        this.logger.warn(`Managed OAuth client refused at the callback: ${error.message}`);
      }
      if (!managed) {
        return failure(
          `Your account's ${provider.displayName} sign-in settings changed. Please connect again.`,
        );
      }
    }
    if (
      signed.h !== '' &&
      requestHostname !== undefined &&
      requestHostname.toLowerCase() !== signed.h
    ) {
      return failure(LINK_INVALID);
    }
    Object.defineProperty(req, 'query', {
      value: { code, state },
      configurable: true,
      writable: true,
    });
    let outcome;
    try {
      outcome = await withTimeout(
        this.strategies.exchangeCode(provider.platform, req, res, redirectUri, managed?.oauth),
        this.crm.timeoutMs,
        provider.displayName,
      );
    } catch (error) {
      outcome = { error };
    }
    if (outcome.failure) {
      this.logger.warn(`OAuth state refused: ${outcome.failure}`);
      return failure(LINK_INVALID);
    }
    if (outcome.error || !outcome.tokens) {
      this.logger.warn(
        `OAuth code exchange with ${provider.displayName} failed: ${describe(outcome.error)}`,
      );
      return failure(`${provider.displayName} did not accept the sign-in. Please connect again.`);
    }
    return this.finishLogin(provider, outcome.state?.hostname ?? signed.h, outcome.tokens, managed);
  }

  private async finishLogin(
    provider: CrmProvider,
    hostname: string,
    tokens: OAuthTokens,
    managed: ManagedClient | undefined,
  ): Promise<Envelope> {
    const ctx = this.contexts.create(
      provider,
      { hostname },
      staticCredentials({ accessToken: tokens.accessToken }),
    );
    try {
      const crmUser = await provider.getUserInfo(ctx);
      const reply = await this.auth.completeLogin({
        provider,
        hostname,
        crmUser,
        credentials: tokens,
        oauthClient: managed && {
          accountKey: managed.accountKey,
          clientId: managed.values.clientId,
        },
      });
      // The pending values just proved themselves: they become the account's client.
      if (managed?.source === 'pending') {
        await this.managedStore.promote(
          managed.accountKey,
          provider.platform,
          managed.values.clientId,
        );
      }
      return reply;
    } catch (error) {
      if (!isCrmError(error)) throw error;
      this.logger.warn(`Reading the user from ${provider.displayName} failed: ${error.code}`);
      return failure(`Could not read your user from ${provider.displayName}. Please try again.`);
    }
  }

  private oauthProvider(platform: string): CrmProvider | undefined {
    return this.registry.has(platform) && this.strategies.get(platform)
      ? this.registry.get(platform)
      : undefined;
  }

  /** The host rule for a dynamic-host CRM ('' for a fixed-host one); a refusal is a 400 page. */
  private async hostnameFor(provider: CrmProvider, hostname: string | undefined): Promise<string> {
    try {
      return await this.hosts.clientHostname(provider, hostname);
    } catch (error) {
      if (error instanceof HostRuleError) {
        throw new OAuthStartError(`${error.message[0].toUpperCase()}${error.message.slice(1)}.`);
      }
      throw error;
    }
  }

  private serverCallbackUrl(platform: string): string {
    return `${this.app.publicUrl}/auth/${platform}/callback`;
  }
}

function failure(message: string): Envelope {
  return { successful: false, returnMessage: warning(message, 5000) };
}

const describe = (error: unknown) =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error ?? 'no tokens');
