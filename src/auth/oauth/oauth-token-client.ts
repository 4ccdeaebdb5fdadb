import type { OAuth2 } from 'oauth';
import { CrmError } from '../../crm/crm-error.js';
import type { OAuthClientDeclaration } from '../../crm/crm-provider.interface.js';
import { toTokens, type OAuthTokens } from './crm-oauth2.strategy.js';

/** The token endpoint refused a grant with an OAuth error code (e.g. invalid_grant). */
export class OAuthGrantError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
  ) {
    super(`token endpoint refused the grant: ${code} (${status})`);
    this.name = 'OAuthGrantError';
  }
}

interface NodeOAuthError {
  statusCode?: number;
  data?: unknown;
}

/**
 * A refresh_token grant through the strategy's OAuth2 client (node-oauth has no time limit of its
 * own, hence the race). OAuth errors become OAuthGrantError; transport failures CrmError UNAVAILABLE.
 */
export function refreshGrant(
  client: OAuth2,
  refreshToken: string,
  crm: string,
  timeoutMs: number,
): Promise<OAuthTokens> {
  return withTimeout(
    new Promise<OAuthTokens>((resolve, reject) => {
      client.getOAuthAccessToken(
        refreshToken,
        { grant_type: 'refresh_token' },
        (error, accessToken, newRefreshToken, results) => {
          if (error) return reject(toGrantFailure(error as NodeOAuthError, crm));
          if (!accessToken)
            return reject(
              new CrmError(
                'UNAVAILABLE',
                `${crm} token endpoint answered without an access token`,
                { crm },
              ),
            );
          resolve(toTokens(accessToken, newRefreshToken, results ?? {}));
        },
      );
    }),
    timeoutMs,
    crm,
  );
}

function toGrantFailure(error: NodeOAuthError, crm: string): Error {
  const status = error.statusCode ?? 0;
  let code: string | undefined;
  try {
    const body = JSON.parse(String(error.data ?? '')) as { error?: unknown };
    code = typeof body.error === 'string' ? body.error : undefined;
  } catch {
    code = undefined;
  }
  if (code && status >= 400 && status < 500) return new OAuthGrantError(code, status);
  return new CrmError(
    'UNAVAILABLE',
    `${crm} token endpoint failed (${status || 'network error'})`,
    {
      crm,
      status: status || undefined,
      operation: 'refreshToken',
    },
  );
}

/**
 * RFC 7009 revocation of one token at the CRM (client credentials in the body). Resolves false
 * instead of throwing: logout goes on whatever the CRM says.
 */
export async function revokeToken(
  oauth: OAuthClientDeclaration,
  token: string,
  hint: 'access_token' | 'refresh_token',
  timeoutMs: number,
): Promise<boolean> {
  if (!oauth.revocationUrl) return false;
  try {
    const response = await fetch(oauth.revocationUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams({
        token,
        token_type_hint: hint,
        client_id: oauth.clientId,
        client_secret: oauth.clientSecret,
      }),
      // A 307/308 would re-send the client secret to wherever it points.
      redirect: 'error',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer().catch(() => undefined);
    return response.ok;
  } catch {
    return false;
  }
}

export function withTimeout<T>(work: Promise<T>, timeoutMs: number, crm: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new CrmError('UNAVAILABLE', `${crm} token endpoint timed out`, { crm, timedOut: true }),
        ),
      timeoutMs,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
