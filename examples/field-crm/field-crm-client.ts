import { TOKEN_HEADER } from './field-crm.js';

export interface Answer<T> {
  status: number;
  headers: Headers;
  body: T;
}

export interface CallOptions {
  /** Sent as `X-Field-Token`; none when undefined. */
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One real HTTP call to a field CRM at `baseUrl`, the JSON answer parsed (for tests and tools). */
export async function callFieldCrm<T = Record<string, unknown>>(
  baseUrl: string,
  method: string,
  path: string,
  { token, body, headers = {} }: CallOptions = {},
): Promise<Answer<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(token === undefined ? {} : { [TOKEN_HEADER]: token }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: (text ? JSON.parse(text) : undefined) as T,
  };
}
