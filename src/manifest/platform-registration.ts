import type { CrmProvider } from '../crm/crm-provider.js';
import { takesClientHostname } from '../crm/hosts/crm-host-policy.service.js';

/** The client's pattern for `urlIdentifier`: the first `*` becomes `.*`, nothing is escaped. */
export function clientUrlPattern(urlIdentifier: string): RegExp {
  return new RegExp(urlIdentifier.replace('*', '.*'));
}

export interface UrlIdentifier {
  value: string | undefined;
  derived: boolean;
}

/** The declared `urlIdentifier`, else one derived from the CRM host. */
export function urlIdentifierOf(provider: CrmProvider): UrlIdentifier {
  const declared = provider.urlIdentifier ?? provider.manifest?.urlIdentifier;
  if (declared !== undefined) return { value: declared, derived: false };
  const host = takesClientHostname(provider)
    ? provider.allowedHosts?.[0]
    : (baseUrlHost(provider) ?? provider.allowedHosts?.[0]);
  return { value: host ? `${host}/*` : undefined, derived: true };
}

function baseUrlHost(provider: CrmProvider): string | undefined {
  try {
    return new URL(provider.apiBaseUrl('')).host || undefined;
  } catch {
    return undefined;
  }
}

export function manifestProblems(platforms: Record<string, Record<string, unknown>>): string[] {
  const problems: string[] = [];
  for (const [key, platform] of Object.entries(platforms)) {
    const report = (message: string) => problems.push(`platform ${key}: ${message}`);
    if (platform.name !== key) report(`name must equal its key "${key}"`);
    const urlIdentifier = platform.urlIdentifier;
    if (typeof urlIdentifier !== 'string' || urlIdentifier.trim() === '') {
      report('urlIdentifier is missing (declare the CRM pages the client recognises)');
    } else if (!isPattern(urlIdentifier)) {
      report('urlIdentifier is not a valid pattern once its first * becomes .*');
    }
    const auth = isObject(platform.auth) ? platform.auth : {};
    if (auth.type === 'oauth') {
      const authUrl = isObject(auth.oauth) ? auth.oauth.authUrl : undefined;
      if (typeof authUrl !== 'string' || authUrl === '') report('auth.oauth.authUrl is missing');
      else if (authUrl.includes('?')) {
        report('auth.oauth.authUrl must not contain "?" (the client appends the query)');
      }
    } else if (auth.type === 'apiKey') {
      const page = isObject(auth.apiKey) && isObject(auth.apiKey.page) ? auth.apiKey.page : {};
      const content = Array.isArray(page.content) ? page.content : [];
      if (!content.some((field) => isObject(field) && field.const === 'apiKey')) {
        report('auth.apiKey.page.content needs a field with const "apiKey"');
      }
    } else report('auth.type must be "oauth" or "apiKey"');
  }
  return problems;
}

function isPattern(urlIdentifier: string): boolean {
  try {
    clientUrlPattern(urlIdentifier);
    return true;
  } catch {
    return false;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
