import type { CrmRequest, QueryValue } from '../../crm/crm-http-client.js';
import type { RequestTemplate } from './declarative-definition.js';
import { template } from './template-cache.js';
import { renderTemplate } from './template.js';

/** A request template filled in: path values URL-encoded, absent parameters and body values left out. */
export function renderRequest(
  request: RequestTemplate,
  scope: Record<string, unknown>,
  commonHeaders: Record<string, string> | undefined,
  operation: string,
): CrmRequest {
  const headers: Record<string, string> = {};
  for (const [name, text] of [
    ...Object.entries(commonHeaders ?? {}),
    ...Object.entries(request.headers ?? {}),
  ]) {
    const value = scalarText(renderTemplate(template(text), scope));
    if (value !== undefined && value !== '') headers[name.toLowerCase()] = value;
  }
  const query: Record<string, QueryValue> = {};
  for (const [name, value] of Object.entries(request.query ?? {})) {
    const rendered = (Array.isArray(value) ? value : [value])
      .map((text) => scalarText(renderTemplate(template(text), scope)))
      .filter((text): text is string => text !== undefined);
    if (Array.isArray(value)) query[name] = rendered;
    else if (rendered.length > 0) query[name] = rendered[0];
  }
  return {
    method: request.method,
    path: String(renderTemplate(template(request.path), scope, encodeURIComponent)),
    query,
    headers,
    body: request.body === undefined ? undefined : renderBody(request.body, scope),
    operation,
  };
}

function renderBody(value: unknown, scope: Record<string, unknown>): unknown {
  if (typeof value === 'string') return renderTemplate(template(value), scope);
  if (Array.isArray(value)) {
    return value.map((item) => renderBody(item, scope)).filter((item) => item !== undefined);
  }
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .map(([key, inner]) => [key, renderBody(inner, scope)] as const)
      .filter(([, inner]) => inner !== undefined);
    return Object.fromEntries(entries);
  }
  return value;
}

function scalarText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
