import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher } from 'undici';
import { request as undiciRequest } from '../common/http/undici-client.js';
import type { CrmCallPolicy } from './crm-call-policy.js';
import {
  cleanCrmMessage,
  CrmError,
  crmErrorBody,
  type CrmErrorCode,
  type CrmErrorDetails,
} from './crm-error.js';

export type ApiKeyPlacement =
  { in: 'header'; name: string; prefix?: string } | { in: 'query'; name: string } | { in: 'basic' };

export interface CrmCredentials {
  apiKey?: string;
  accessToken?: string;
}

/** Supplies a user's credentials to the client; refresh lives behind it, not in providers. */
export interface CredentialSource {
  current(deadline?: number): Promise<CrmCredentials>;
  /** The CRM answered 401 to `rejected`: newer credentials to retry once with, if any. */
  refreshAfterRejection?(
    rejected: CrmCredentials,
    deadline?: number,
  ): Promise<CrmCredentials | undefined>;
}

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export type CrmMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CrmRequest<T = unknown> {
  method?: CrmMethod;
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  operation?: string;
  idempotencyKey?: string;
  retrySafe?: boolean;
  lookupBeforeRetry?: () => Promise<T | undefined>;
}

/** A CRM's answer with its headers (lower-case names, repeated ones joined with `, `). */
export interface CrmResponse<T> {
  body: T;
  headers: Record<string, string>;
}

export type CrmRequestOptions<T> = Pick<
  CrmRequest<T>,
  'headers' | 'idempotencyKey' | 'retrySafe' | 'lookupBeforeRetry'
>;

export interface CrmHttpClientOptions {
  baseUrl: string;
  crmName: string;
  placement: ApiKeyPlacement | { in: 'bearer' };
  credentials: CredentialSource;
  checkHost?: (url: URL) => Promise<void>;
  policy: CrmCallPolicy;
  budgetMs: number;
  dispatcher?: Dispatcher;
  idempotentPatch?: boolean;
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

const NOT_CONNECTED_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** JSON over HTTP to one CRM for one user, within the request's budget (docs/providers.md). */
export class CrmHttpClient {
  private readonly baseUrl: string;
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

  put<T>(path: string, body: unknown, operation?: string): Promise<T> {
    return this.request<T>({ method: 'PUT', path, body, operation });
  }

  delete<T>(path: string, operation?: string): Promise<T> {
    return this.request<T>({ method: 'DELETE', path, operation });
  }

  async request<T>(request: CrmRequest<T>): Promise<T> {
    return (await this.exchange(request)).body;
  }

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

  /** A URL below this CRM's base URL as a request path; undefined for any other URL. */
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
    let rawHeaders: IncomingHttpHeaders;
    try {
      // undici's request(), not fetch(): cheaper, and it never follows a redirect (credentials).
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
      rawHeaders = response.headers;
      text = await response.body.text();
    } catch (error) {
      throw this.networkError(request, signal.aborted ? signal.reason : error);
    }
    const body = this.parse<T>(request, status, retryAfter, text);
    let joined: Record<string, string> | undefined;
    // Joined on first read: most callers take the body alone (request()).
    return {
      body,
      get headers() {
        return (joined ??= joinHeaders(rawHeaders));
      },
    };
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

function joinHeaders(raw: IncomingHttpHeaders): Record<string, string> {
  const joined: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) joined[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return joined;
}

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

export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

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
