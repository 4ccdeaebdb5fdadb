import { request as undiciRequest, type Dispatcher } from 'undici';
import type { CrmCallPolicy } from './crm-call-policy.js';
import {
  cleanCrmMessage,
  CrmError,
  crmErrorBody,
  type CrmErrorCode,
  type CrmErrorDetails,
} from './crm-error.js';

/** Where the CrmHttpClient puts an API key on every request. */
export type ApiKeyPlacement =
  { in: 'header'; name: string; prefix?: string } | { in: 'query'; name: string } | { in: 'basic' };

export interface CrmCredentials {
  apiKey?: string;
  accessToken?: string;
}

/** Supplies a user's credentials to the client; refresh lives behind it, not in providers. */
export interface CredentialSource {
  /**
   * Credentials to use now (an expiring OAuth token is refreshed before it is handed out, within
   * `deadline`: the request's CRM budget, epoch ms).
   */
  current(deadline?: number): Promise<CrmCredentials>;
  /**
   * The CRM answered 401 to `rejected`: return newer credentials to retry once with, or undefined
   * when there is nothing to refresh.
   */
  refreshAfterRejection?(
    rejected: CrmCredentials,
    deadline?: number,
  ): Promise<CrmCredentials | undefined>;
}

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export type CrmMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CrmRequest<T = unknown> {
  method?: CrmMethod;
  /** Relative to the CRM base URL; must start with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Names the provider operation in logs and errors. */
  operation?: string;
  /**
   * Sent in the provider's idempotency header (`Idempotency-Key` by default): the CRM answers a
   * repeat with the first result, so the request is retried like an idempotent one.
   */
  idempotencyKey?: string;
  /** The provider vouches that sending this request twice has the effect of once. */
  retrySafe?: boolean;
  /**
   * Before retrying a request that is not retry-safe: look for the effect of the earlier attempt
   * (e.g. the created record, by an external id). What it finds is returned; undefined → resend.
   */
  lookupBeforeRetry?: () => Promise<T | undefined>;
}

/** A CRM's answer with its headers (lower-case names, repeated ones joined with `, `). */
export interface CrmResponse<T> {
  body: T;
  headers: Record<string, string>;
}

/** Per-request options of the shorthand methods. */
export type CrmRequestOptions<T> = Pick<
  CrmRequest<T>,
  'headers' | 'idempotencyKey' | 'retrySafe' | 'lookupBeforeRetry'
>;

export interface CrmHttpClientOptions {
  baseUrl: string;
  crmName: string;
  /** How credentials travel: an API-key placement, or an OAuth bearer token. */
  placement: ApiKeyPlacement | { in: 'bearer' };
  credentials: CredentialSource;
  /**
   * Runs before credentials are attached to a request (throws to stop it): the host policy, so
   * secrets only ever go to a host the provider declared.
   */
  checkHost?: (url: URL) => Promise<void>;
  /** Timeouts, retries, breaker and bulkhead of this CRM (shared by every client of it). */
  policy: CrmCallPolicy;
  /**
   * The request's CRM time budget (ms), counted from this client's first call: every attempt of
   * every call it makes ends within it.
   */
  budgetMs: number;
  /** Keep-alive connections to the CRM (an undici Agent); undici's global one by default. */
  dispatcher?: Dispatcher;
  /** The provider declared its PATCH idempotent. */
  idempotentPatch?: boolean;
  /** Header for `idempotencyKey`. Default `Idempotency-Key`. */
  idempotencyKeyHeader?: string;
}

const STATUS_CODES: Record<number, CrmErrorCode> = {
  400: 'INVALID_INPUT',
  401: 'AUTH_EXPIRED',
  403: 'AUTH_EXPIRED',
  404: 'NOT_FOUND',
  409: 'INVALID_INPUT',
  422: 'INVALID_INPUT',
  429: 'RATE_LIMITED',
};

const IDEMPOTENT_METHODS = new Set<CrmMethod>(['GET', 'PUT', 'DELETE']);

/** Error codes of a connection that was never made: nothing reached the CRM. */
const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * JSON over HTTP to one CRM for one user, within one client request's time budget. Credentials are
 * attached here (providers never see them); every call goes through the CRM's CrmCallPolicy
 * (timeouts, retries with backoff, Retry-After, circuit breaker, bulkhead); a 401 triggers one
 * credential refresh and one more round; every failure becomes a CrmError. Error messages name the
 * method and path only: no query string, no headers, no bodies, so no secret can leak through them.
 */
export class CrmHttpClient {
  private readonly baseUrl: string;
  /** Set by the first call: when the request's CRM budget ends (epoch ms). */
  private deadline?: number;

  constructor(private readonly options: CrmHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  get crmName(): string {
    return this.options.crmName;
  }

  get<T>(path: string, query?: Record<string, QueryValue>, operation?: string): Promise<T> {
    return this.request<T>({ method: 'GET', path, query, operation });
  }

  post<T>(path: string, body: unknown, operation?: string, options: CrmRequestOptions<T> = {}) {
    return this.request<T>({ method: 'POST', path, body, operation, ...options });
  }

  patch<T>(path: string, body: unknown, operation?: string): Promise<T> {
    return this.request<T>({ method: 'PATCH', path, body, operation });
  }

  /** A full replace: retried like GET, since sending it twice has the effect of once. */
  put<T>(path: string, body: unknown, operation?: string): Promise<T> {
    return this.request<T>({ method: 'PUT', path, body, operation });
  }

  delete<T>(path: string, operation?: string): Promise<T> {
    return this.request<T>({ method: 'DELETE', path, operation });
  }

  async request<T>(request: CrmRequest<T>): Promise<T> {
    return (await this.exchange(request)).body;
  }

  /**
   * The request, answered with the response headers too (lower-case names; e.g. `link` for
   * pagination). A URL the CRM hands out (a `Link: <…>; rel="next"`) becomes a path with
   * `pathOf`.
   */
  async exchange<T>(request: CrmRequest<T>): Promise<CrmResponse<T>> {
    if (!request.path.startsWith('/') || request.path.startsWith('//')) {
      throw new Error(`CRM request path must be relative to the base URL: ${request.path}`);
    }
    const deadline = (this.deadline ??= Date.now() + this.options.budgetMs);
    const credentials = await this.options.credentials.current(deadline);
    try {
      return await this.attempts(request, credentials, deadline);
    } catch (error) {
      const refresh = this.options.credentials.refreshAfterRejection;
      if (!(error instanceof CrmError && error.status === 401 && refresh)) throw error;
      const refreshed = await refresh(credentials, deadline);
      if (!refreshed) throw error;
      return this.attempts(request, refreshed, deadline);
    }
  }

  /**
   * A URL on this CRM's base URL as a request path with its query, or undefined for any other
   * URL (credentials only ever go below the base URL).
   */
  pathOf(url: string): string | undefined {
    let parsed: URL;
    try {
      parsed = new URL(url, `${this.baseUrl}/`);
    } catch {
      return undefined;
    }
    const base = new URL(`${this.baseUrl}/`);
    if (parsed.origin !== base.origin || !parsed.pathname.startsWith(base.pathname)) {
      return undefined;
    }
    return `/${parsed.pathname.slice(base.pathname.length)}${parsed.search}`;
  }

  /** The request through the CRM's policy: the marked place where retries and the breaker apply. */
  private attempts<T>(
    request: CrmRequest<T>,
    credentials: CrmCredentials,
    deadline: number,
  ): Promise<CrmResponse<T>> {
    const lookup = request.lookupBeforeRetry;
    const method = request.method ?? 'GET';
    const retrySafe =
      IDEMPOTENT_METHODS.has(method) ||
      (method === 'PATCH' && this.options.idempotentPatch === true) ||
      request.idempotencyKey !== undefined ||
      request.retrySafe === true;
    return this.options.policy.execute<CrmResponse<T>>(
      {
        deadline,
        retrySafe,
        lookupBeforeRetry:
          lookup &&
          (async () => {
            const found = await lookup();
            return found === undefined ? undefined : { body: found, headers: {} };
          }),
        label: `${this.options.crmName} ${method} ${request.path}`,
        operation: request.operation,
        refuse: (code, what, details) => this.error(request, code, what, details),
      },
      (signal) => this.attempt<T>(request, credentials, signal),
    );
  }

  /** One HTTP exchange: sends, reads the whole answer within `signal`, and parses it. */
  private async attempt<T>(
    request: CrmRequest<T>,
    credentials: CrmCredentials,
    signal: AbortSignal,
  ): Promise<CrmResponse<T>> {
    const method = request.method ?? 'GET';
    const url = new URL(this.baseUrl + request.path);
    for (const [name, value] of Object.entries(request.query ?? {})) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value])
        url.searchParams.append(name, String(item));
    }
    const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
    if (request.body !== undefined) headers['content-type'] = 'application/json';
    await this.options.checkHost?.(url);
    if (request.idempotencyKey !== undefined) {
      headers[(this.options.idempotencyKeyHeader ?? 'Idempotency-Key').toLowerCase()] =
        request.idempotencyKey;
    }
    this.attachCredentials(url, headers, credentials);
    let status: number;
    let retryAfter: string | null;
    let text: string;
    const responseHeaders: Record<string, string> = {};
    try {
      // undici's request(), not fetch(): the same pool at a fraction of the cost per call. It never
      // follows redirects, which could carry the credentials to another host.
      const response = await undiciRequest(url, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal,
        dispatcher: this.options.dispatcher,
      });
      status = response.statusCode;
      const header = response.headers['retry-after'];
      retryAfter = (Array.isArray(header) ? header[0] : header) ?? null;
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined)
          responseHeaders[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      text = await response.body.text();
    } catch (error) {
      throw this.networkError(request, signal.aborted ? signal.reason : error);
    }
    return { body: this.parse<T>(request, status, retryAfter, text), headers: responseHeaders };
  }

  private networkError(request: CrmRequest<unknown>, error: unknown): CrmError {
    const { what, details } = describeNetworkFailure(error);
    return this.error(request, 'UNAVAILABLE', what, details);
  }

  private attachCredentials(
    url: URL,
    headers: Record<string, string>,
    credentials: CrmCredentials,
  ) {
    const placement = this.options.placement;
    if (placement.in === 'bearer') {
      if (credentials.accessToken) headers.authorization = `Bearer ${credentials.accessToken}`;
      return;
    }
    const key = credentials.apiKey;
    if (!key) return;
    if (placement.in === 'header')
      headers[placement.name.toLowerCase()] = `${placement.prefix ?? ''}${key}`;
    else if (placement.in === 'query') url.searchParams.set(placement.name, key);
    else headers.authorization = `Basic ${Buffer.from(`${key}:`).toString('base64')}`;
  }

  private parse<T>(
    request: CrmRequest<T>,
    status: number,
    retryAfter: string | null,
    text: string,
  ): T {
    if (status >= 200 && status < 300) {
      if (text === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw this.error(request, 'UNAVAILABLE', `answered ${status} with a non-JSON body`, {
          status,
        });
      }
    }
    if (status >= 300 && status < 400) {
      throw this.error(request, 'UNAVAILABLE', `answered ${status} (redirects are not followed)`, {
        status,
      });
    }
    const code: CrmErrorCode =
      STATUS_CODES[status] ?? (status >= 500 ? 'UNAVAILABLE' : 'INVALID_INPUT');
    const crmMessage = safeCrmMessage(text);
    // The CRM's own words reach the log line (redacted there like every log text).
    throw this.error(
      request,
      code,
      `answered ${status}${crmMessage ? `: ${JSON.stringify(crmMessage)}` : ''}`,
      {
        status,
        retryAfterSeconds: parseRetryAfter(retryAfter),
        safeMessage: code === 'INVALID_INPUT' ? crmMessage : undefined,
        crmMessage,
        body: crmErrorBody(text),
      },
    );
  }

  private error(
    request: CrmRequest<unknown>,
    code: CrmErrorCode,
    what: string,
    details: CrmErrorDetails = {},
  ): CrmError {
    const method = request.method ?? 'GET';
    return new CrmError(code, `${this.options.crmName} ${method} ${request.path} ${what}`, {
      ...details,
      operation: request.operation,
      crm: this.options.crmName,
    });
  }
}

/**
 * What a failed exchange (no answer) came to: a timeout (`signal.reason`), a connection never made
 * (nothing sent), or a network error after sending (outcome unknown).
 */
export function describeNetworkFailure(error: unknown): { what: string; details: CrmErrorDetails } {
  if ((error as Error)?.name === 'TimeoutError') {
    return { what: 'timed out', details: { timedOut: true } };
  }
  const code = errorCode(error);
  const notSent = code !== undefined && NOT_CONNECTED_CODES.has(code);
  return {
    what: `${notSent ? 'could not connect' : 'network error'}${code ? ` (${code})` : ''}`,
    details: { notSent, outcomeUnknown: !notSent, cause: (error as Error)?.cause ?? error },
  };
}

/** The first `code` along an error's cause chain (undici wraps socket errors in "fetch failed"). */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const nested = (current as { errors?: unknown[] }).errors?.[0];
    current = (current as { cause?: unknown }).cause ?? nested;
  }
  return undefined;
}

/** Seconds to wait from a Retry-After header (delta seconds or an HTTP date). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The CRM's own error text, when it is a short plain string (never a payload dump): a top-level
 * `message`, `error_description` or `error`, or `error.message` / `error.description` of a nested
 * error object (`{"error": {"code", "message"}}`).
 */
export function safeCrmMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  const nested =
    record.error && typeof record.error === 'object'
      ? (record.error as Record<string, unknown>)
      : {};
  const candidate = [
    record.message,
    record.error_description,
    record.error,
    nested.message,
    nested.description,
  ].find((value): value is string => typeof value === 'string' && value.trim() !== '');
  return candidate === undefined ? undefined : cleanCrmMessage(candidate);
}
