import type { Request } from 'express';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** The request method as a label: the usual ones as they are, anything else `OTHER`. */
export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

/** A request that no route handled (404s, CORS preflights, refusals before routing). */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route pattern that handled a request (`/contact`, `/oauth-start/:platform`): never the raw
 * URL, whose ids and query strings would make a label value per request.
 */
export function routeLabel(req: Pick<Request, 'route' | 'baseUrl'>): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return req.baseUrl ? req.baseUrl + path : path;
}

/**
 * A label value from a name we do not control (a provider's platform or operation name): kept when
 * short and plain, `fallback` otherwise, so a bad name cannot create unbounded series.
 */
export function nameLabel(value: string | undefined, fallback: string): string {
  return value !== undefined && /^[\w.:-]{1,64}$/.test(value) ? value : fallback;
}
