import OAuth2Strategy from 'passport-oauth2';
import type { OAuthClientDeclaration } from '../../crm/crm-auth.types.js';
import type { OAuthStateStore } from './oauth-state.store.js';

export interface OAuthTokens {
  accessToken: string;
  refreshToken?: string;
  expiresIn?: number;
}

/** passport-oauth2 for one CRM: the authorize redirect, state verification and code exchange. */
export class CrmOAuth2Strategy extends OAuth2Strategy {
  constructor(
    private readonly declaration: OAuthClientDeclaration,
    store: OAuthStateStore,
  ) {
    super(
      {
        authorizationURL: declaration.authorizationUrl,
        tokenURL: declaration.tokenUrl,
        clientID: declaration.clientId,
        clientSecret: declaration.clientSecret,
        scope: declaration.scopes,
        scopeSeparator: ' ',
        pkce: declaration.pkce,
        store: store as unknown as OAuth2Strategy.StateStore,
        skipUserProfile: true,
      },
      (
        accessToken: string,
        refreshToken: string,
        results: { expires_in?: number | string },
        _profile: unknown,
        done: OAuth2Strategy.VerifyCallback,
      ) => done(null, toTokens(accessToken, refreshToken, results) as unknown as Express.User),
    );
  }

  override authorizationParams(): object {
    return this.declaration.authorizationParams ?? {};
  }
}

export function toTokens(
  accessToken: string,
  refreshToken: string | undefined,
  results: { expires_in?: number | string },
): OAuthTokens {
  const expiresIn = Number(results.expires_in);
  return {
    accessToken,
    refreshToken: refreshToken || undefined,
    expiresIn: Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : undefined,
  };
}
