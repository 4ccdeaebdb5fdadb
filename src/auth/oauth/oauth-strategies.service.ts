import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { HttpRequest, HttpReply } from '../../common/http/http-types.js';
import passport from 'passport';
import type { Repository } from 'typeorm';
import { oauthConfig, type OAuthConfig } from '../../config/oauth.config.js';
import { securityConfig, type SecurityConfig } from '../../config/security.config.js';
import type { OAuthClientDeclaration } from '../../crm/crm-auth.types.js';
import { CrmRegistry } from '../../crm/crm-registry.service.js';
import { CredentialVault } from '../credential-vault.service.js';
import { CrmOAuth2Strategy, type OAuthTokens } from './crm-oauth2.strategy.js';
import { OAuthStateSigner, type SignedStatePayload } from './oauth-state-signer.js';
import { OAuthStateEntity } from './oauth-state.entity.js';
import {
  OAuthStateStore,
  type StateClient,
  type StateToStore,
  type VerifiedState,
} from './oauth-state.store.js';

export interface OAuthCallbackOutcome {
  tokens?: OAuthTokens;
  state?: VerifiedState;
  failure?: string;
  error?: unknown;
}

/** One `oauth2:<platform>` Passport strategy per bound OAuth provider, registered at start-up. */
@Injectable()
export class OAuthStrategies implements OnModuleInit {
  private readonly strategies = new Map<string, CrmOAuth2Strategy>();
  private readonly stores = new Map<string, OAuthStateStore>();
  readonly signer: OAuthStateSigner;

  constructor(
    private readonly registry: CrmRegistry,
    private readonly vault: CredentialVault,
    @InjectRepository(OAuthStateEntity) private readonly states: Repository<OAuthStateEntity>,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
    @Inject(securityConfig.KEY) security: SecurityConfig,
  ) {
    this.signer = new OAuthStateSigner(security.sessionSecret);
  }

  onModuleInit(): void {
    for (const provider of this.registry.all()) {
      if (provider.auth.type !== 'oauth') continue;
      const store = new OAuthStateStore(
        provider.platform,
        this.states,
        this.signer,
        this.vault,
        this.config.stateTtlSeconds,
      );
      const strategy = new CrmOAuth2Strategy(provider.auth.oauth, store);
      this.strategies.set(provider.platform, strategy);
      this.stores.set(provider.platform, store);
      passport.use(strategyName(provider.platform), strategy);
    }
  }

  get(
    platform: string,
  ): { strategy: CrmOAuth2Strategy; oauth: OAuthClientDeclaration } | undefined {
    const strategy = this.strategies.get(platform);
    const provider = strategy && this.registry.get(platform);
    return strategy && provider?.auth.type === 'oauth'
      ? { strategy, oauth: provider.auth.oauth }
      : undefined;
  }

  /** A state this server signed for `platform`, read without using it up. */
  peek(state: unknown): SignedStatePayload | undefined {
    return this.signer.verify(state);
  }

  /** The managed client a signed state was issued for (none: the platform's). */
  clientOf(payload: SignedStatePayload): Promise<StateClient | undefined> {
    return this.stores.get(payload.p)?.clientOf(payload) ?? Promise.resolve(undefined);
  }

  /** `client`: an account's managed client instead of the platform's, for this request only. */
  redirectToCrm(
    platform: string,
    req: HttpRequest,
    res: HttpReply,
    redirectUri: string,
    state: StateToStore,
    client?: OAuthClientDeclaration,
  ): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      passport.authenticate(
        this.strategyFor(platform, client),
        // passport-oauth2 takes callbackURL and an object state (handed to our store) per call.
        {
          session: false,
          callbackURL: redirectUri,
          state,
        } as unknown as passport.AuthenticateOptions,
        (error: unknown) => reject(error ?? new Error('OAuth redirect did not happen')),
      )(req, redirectOnly(res, resolve), reject);
    });
  }

  exchangeCode(
    platform: string,
    req: HttpRequest,
    res: HttpReply,
    redirectUri: string,
    client?: OAuthClientDeclaration,
  ): Promise<OAuthCallbackOutcome> {
    return new Promise<OAuthCallbackOutcome>((resolve) => {
      passport.authenticate(
        this.strategyFor(platform, client),
        { session: false, callbackURL: redirectUri } as passport.AuthenticateOptions,
        (
          error: unknown,
          tokens: OAuthTokens | false,
          info: { message?: string; state?: VerifiedState } | undefined,
        ) => {
          if (error) resolve({ error });
          else if (!tokens) resolve({ failure: info?.message ?? 'refused' });
          else resolve({ tokens, state: info?.state });
        },
      )(
        req,
        redirectOnly(res, () => undefined),
        (error: unknown) => resolve({ error }),
      );
    });
  }

  /** The registered strategy's name, or a strategy of the given client on the same state store. */
  private strategyFor(
    platform: string,
    client?: OAuthClientDeclaration,
  ): string | CrmOAuth2Strategy {
    const store = this.stores.get(platform);
    return client && store ? new CrmOAuth2Strategy(client, store) : strategyName(platform);
  }
}

const strategyName = (platform: string) => `oauth2:${platform}`;

/** The part of a Node response Passport's redirect writes, answered through Fastify's reply. */
function redirectOnly(reply: HttpReply, sent: () => void) {
  return {
    statusCode: 302,
    setHeader(name: string, value: string): void {
      reply.header(name, value);
    },
    end(): void {
      void reply.code(this.statusCode).send();
      sent();
    },
  };
}
