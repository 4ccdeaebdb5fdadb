import type { Request } from 'express';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

export const UNMATCHED_ROUTE = 'unmatched';

/** The route pattern, never the raw URL, whose ids would make a label value per request. */
export function routeLabel(req: Pick<Request, 'route' | 'baseUrl'>): string {
  const path: unknown = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string') return UNMATCHED_ROUTE;
  return req.baseUrl ? req.baseUrl + path : path;
}

/** A name we do not control, or `fallback`, so a bad name cannot create unbounded series. */
export function nameLabel(value: string | undefined, fallback: string): string {
  return value !== undefined && /^[\w.:-]{1,64}$/.test(value) ? value : fallback;
}
