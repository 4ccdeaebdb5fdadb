import { CrmError, type CrmErrorCode } from './crm-error.js';
import type { ApiKeyPlacement } from './crm-provider.interface.js';

export interface CrmCredentials {
  apiKey?: string;
  accessToken?: string;
}

/** Supplies a user's credentials to the client; refresh lives behind it, not in providers. */
export interface CredentialSource {
  /** Credentials to use now (an expiring OAuth token is refreshed before it is handed out). */
  current(): Promise<CrmCredentials>;
  /**
   * The CRM answered 401 to `rejected`: return newer credentials to retry once with, or undefined
   * when there is nothing to refresh.
   */
  refreshAfterRejection?(rejected: CrmCredentials): Promise<CrmCredentials | undefined>;
}

export type QueryValue = string | number | boolean | undefined | readonly (string | number)[];

export interface CrmRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Relative to the CRM base URL; must start with `/`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** Names the provider operation in logs and errors. */
  operation?: string;
}

export interface CrmHttpClientOptions {
  baseUrl: string;
  crmName: string;
  /** How credentials travel: an API-key placement, or an OAuth bearer token. */
  placement: ApiKeyPlacement | { in: 'bearer' };
  credentials: CredentialSource;
  timeoutMs: number;
  /**
   * Runs before credentials are attached to a request (throws to stop it): the host policy, so
   * secrets only ever go to a host the provider declared.
   */
  checkHost?: (url: URL) => Promise<void>;
  fetch?: typeof fetch;
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

/**
 * JSON over HTTP to one CRM for one user. Credentials are attached here (providers never see them),
 * every call has a time budget, a 401 triggers one credential refresh and one retry, and every
 * failure becomes a CrmError. Error messages name the method and path only: no query string, no
 * headers, no bodies, so no secret can leak through them.
 */
export class CrmHttpClient {
  private readonly baseUrl: string;
  private readonly fetchImpl: typeof fetch;

  constructor(private readonly options: CrmHttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? fetch;
  }

  get crmName(): string {
    return this.options.crmName;
  }

  get<T>(path: string, query?: Record<string, QueryValue>, operation?: string): Promise<T> {
    return this.request<T>({ method: 'GET', path, query, operation });
  }

  post<T>(path: string, body: unknown, operation?: string, headers?: Record<string, string>) {
    return this.request<T>({ method: 'POST', path, body, operation, headers });
  }

  patch<T>(path: string, body: unknown, operation?: string): Promise<T> {
    return this.request<T>({ method: 'PATCH', path, body, operation });
  }

  async request<T>(request: CrmRequest): Promise<T> {
    if (!request.path.startsWith('/') || request.path.startsWith('//')) {
      throw new Error(`CRM request path must be relative to the base URL: ${request.path}`);
    }
    // Retries with backoff and the circuit breaker wrap this call (resilience issue).
    const credentials = await this.options.credentials.current();
    const response = await this.send(request, credentials);
    if (response.status === 401 && this.options.credentials.refreshAfterRejection) {
      const refreshed = await this.options.credentials.refreshAfterRejection(credentials);
      if (refreshed) return this.parse<T>(request, await this.send(request, refreshed));
    }
    return this.parse<T>(request, response);
  }

  private async send(request: CrmRequest, credentials: CrmCredentials): Promise<Response> {
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
    this.attachCredentials(url, headers, credentials);
    try {
      return await this.fetchImpl(url, {
        method,
        headers,
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        // A redirect could carry the credentials to another host: CRM APIs answer, they don't redirect.
        redirect: 'error',
        signal: AbortSignal.timeout(this.options.timeoutMs),
      });
    } catch (error) {
      const timedOut = (error as Error)?.name === 'TimeoutError';
      throw this.error(request, 'UNAVAILABLE', timedOut ? 'timed out' : 'network error', {
        timedOut,
        cause: timedOut ? undefined : ((error as Error)?.cause ?? error),
      });
    }
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

  private async parse<T>(request: CrmRequest, response: Response): Promise<T> {
    const text = await response.text().catch(() => '');
    if (response.ok) {
      if (text === '') return undefined as T;
      try {
        return JSON.parse(text) as T;
      } catch {
        throw this.error(
          request,
          'UNAVAILABLE',
          `answered ${response.status} with a non-JSON body`,
          {
            status: response.status,
          },
        );
      }
    }
    const code: CrmErrorCode =
      STATUS_CODES[response.status] ?? (response.status >= 500 ? 'UNAVAILABLE' : 'INVALID_INPUT');
    throw this.error(request, code, `answered ${response.status}`, {
      status: response.status,
      retryAfterSeconds: parseRetryAfter(response.headers.get('retry-after')),
      safeMessage: code === 'INVALID_INPUT' ? safeCrmMessage(text) : undefined,
    });
  }

  private error(
    request: CrmRequest,
    code: CrmErrorCode,
    what: string,
    details: ConstructorParameters<typeof CrmError>[2] = {},
  ): CrmError {
    const method = request.method ?? 'GET';
    return new CrmError(code, `${this.options.crmName} ${method} ${request.path} ${what}`, {
      ...details,
      operation: request.operation,
      crm: this.options.crmName,
    });
  }
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

/** The CRM's own validation text, when it is a short plain string (never a payload dump). */
export function safeCrmMessage(body: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const record = parsed as Record<string, unknown>;
  const candidate = [record.message, record.error_description, record.error].find(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  if (!candidate) return undefined;
  // eslint-disable-next-line no-control-regex
  const clean = candidate.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return clean.length > 300 ? `${clean.slice(0, 297)}...` : clean;
}
