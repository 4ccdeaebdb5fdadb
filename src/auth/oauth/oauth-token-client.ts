import type { Dispatcher } from 'undici';
import { request as undiciRequest } from '../../common/http/undici-client.js';
import type { CrmCallPolicy } from '../../crm/crm-call-policy.js';
import { CrmError, type CrmErrorCode } from '../../crm/crm-error.js';
import { describeNetworkFailure, parseRetryAfter } from '../../crm/crm-http-client.js';
import type { OAuthClientDeclaration } from '../../crm/crm-auth.types.js';
import { toTokens, type OAuthTokens } from './crm-oauth2.strategy.js';

/** The token endpoint refused a grant with an OAuth error code (AUTH_EXPIRED to callers). */
export class OAuthGrantError extends CrmError {
  constructor(
    readonly oauthError: string,
    status: number,
    crm: string,
  ) {
    super('AUTH_EXPIRED', `${crm} token endpoint refused the grant: ${oauthError} (${status})`, {
      status,
      crm,
      operation: 'refreshToken',
    });
    this.name = 'OAuthGrantError';
  }
}

/** How a call to a CRM's OAuth endpoints is made: under that CRM's policy, within a deadline. */
export interface OAuthEndpointCall {
  policy: CrmCallPolicy;
  dispatcher?: Dispatcher;
  deadline: number;
  crm: string;
}

interface FormAnswer {
  status: number;
  retryAfter?: string;
  text: string;
}

/** A refresh_token grant under the CRM's call policy; never resent when its outcome is unknown. */
export function refreshGrant(
  oauth: OAuthClientDeclaration,
  refreshToken: string,
  via: OAuthEndpointCall,
): Promise<OAuthTokens> {
  const form = {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: oauth.clientId,
    client_secret: oauth.clientSecret,
  };
  let failedAtServer = false;
  return call(via, oauth.tokenUrl, 'refreshToken', { retryErrorAnswers: true }, async (signal) => {
    const answer = await postForm(oauth.tokenUrl, form, signal, via);
    if (answer.status >= 200 && answer.status < 300) return tokensFrom(answer, via.crm);
    const refusal = oauthErrorOf(answer);
    if (refusal && answer.status >= 400 && answer.status < 500 && answer.status !== 429) {
      // After a 5xx the token may be rotated already: a refusal now proves nothing.
      if (failedAtServer) {
        throw failure('UNAVAILABLE', via.crm, `refused the grant on a retry: ${refusal}`, answer);
      }
      throw new OAuthGrantError(refusal, answer.status, via.crm);
    }
    failedAtServer ||= answer.status >= 500;
    throw answerFailure(answer, via.crm);
  });
}

/** RFC 7009 revocation of one token; resolves false instead of throwing, as logout goes on. */
export async function revokeToken(
  oauth: OAuthClientDeclaration,
  token: string,
  hint: 'access_token' | 'refresh_token',
  via: OAuthEndpointCall,
): Promise<boolean> {
  const url = oauth.revocationUrl;
  if (!url) return false;
  const form = {
    token,
    token_type_hint: hint,
    client_id: oauth.clientId,
    client_secret: oauth.clientSecret,
  };
  try {
    await call(via, url, 'revokeToken', { retrySafe: true }, async (signal) => {
      const answer = await postForm(url, form, signal, via);
      if (answer.status < 200 || answer.status >= 300) throw answerFailure(answer, via.crm);
    });
    return true;
  } catch {
    return false;
  }
}

function call<T>(
  via: OAuthEndpointCall,
  url: string,
  operation: string,
  retry: { retrySafe?: boolean; retryErrorAnswers?: boolean },
  send: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  return via.policy.execute<T>(
    {
      deadline: via.deadline,
      retrySafe: retry.retrySafe ?? false,
      retryErrorAnswers: retry.retryErrorAnswers,
      label: `${via.crm} POST ${new URL(url).pathname}`,
      operation,
      refuse: (code, what, details) =>
        new CrmError(code, `${via.crm} ${operation} ${what}`, {
          ...details,
          crm: via.crm,
          operation,
        }),
    },
    send,
  );
}

/** One form POST; undici never follows a redirect, which would re-send the client secret. */
async function postForm(
  url: string,
  form: Record<string, string>,
  signal: AbortSignal,
  via: OAuthEndpointCall,
): Promise<FormAnswer> {
  try {
    const response = await undiciRequest(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal,
      dispatcher: via.dispatcher,
    });
    const header = response.headers['retry-after'];
    const text = await response.body.text();
    return {
      status: response.statusCode,
      retryAfter: Array.isArray(header) ? header[0] : header,
      text,
    };
  } catch (error) {
    const { what, details } = describeNetworkFailure(signal.aborted ? signal.reason : error);
    throw new CrmError('UNAVAILABLE', `${via.crm} POST ${new URL(url).pathname} ${what}`, {
      ...details,
      crm: via.crm,
    });
  }
}

function fieldsOf(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    const params = new URLSearchParams(text);
    return params.size > 0 ? Object.fromEntries(params) : undefined;
  }
}

function tokensFrom(answer: FormAnswer, crm: string): OAuthTokens {
  const fields = fieldsOf(answer.text);
  const accessToken = fields?.access_token;
  if (typeof accessToken !== 'string' || accessToken === '') {
    throw failure('UNAVAILABLE', crm, 'answered without an access token', answer);
  }
  const refreshToken = typeof fields?.refresh_token === 'string' ? fields.refresh_token : undefined;
  return toTokens(accessToken, refreshToken, {
    expires_in: fields?.expires_in as number | string | undefined,
  });
}

function oauthErrorOf(answer: FormAnswer): string | undefined {
  const code = fieldsOf(answer.text)?.error;
  return typeof code === 'string' && code !== '' ? code : undefined;
}

function answerFailure(answer: FormAnswer, crm: string): CrmError {
  const code: CrmErrorCode = answer.status === 429 ? 'RATE_LIMITED' : 'UNAVAILABLE';
  return failure(code, crm, `answered ${answer.status}`, answer);
}

function failure(code: CrmErrorCode, crm: string, what: string, answer: FormAnswer): CrmError {
  return new CrmError(code, `${crm} OAuth endpoint ${what}`, {
    crm,
    status: answer.status,
    retryAfterSeconds: parseRetryAfter(answer.retryAfter ?? null),
  });
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
