const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

export function methodLabel(method: string): string {
  return METHODS.has(method) ? method : 'OTHER';
}

export const UNMATCHED_ROUTE = 'unmatched';

/** The route pattern, never the raw URL, whose ids would make a label value per request. */
export function routeLabel(req: { routeOptions: { url?: string } }): string {
  const path = req.routeOptions.url;
  // No route, or the CORS preflight catch-all: nothing of ours was matched.
  if (path === undefined || path.includes('*')) return UNMATCHED_ROUTE;
  return path;
}

/** A name we do not control, or `fallback`, so a bad name cannot create unbounded series. */
export function nameLabel(value: string | undefined, fallback: string): string {
  return value !== undefined && /^[\w.:-]{1,64}$/.test(value) ? value : fallback;
}
