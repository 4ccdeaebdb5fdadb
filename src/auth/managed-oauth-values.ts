import net from 'node:net';
import { AppError } from '../common/errors/app-error.js';
import { HostRuleError, parseClientHostname } from '../crm/hosts/client-host-rule.js';

/** An account's own OAuth client for a CRM (POST /admin/managedOAuth/cache), as stored. */
export interface ManagedOAuthValues {
  clientId: string;
  clientSecret: string;
  accessTokenUri: string;
  authorizationUri: string;
  redirectUri?: string;
  scopes?: string | string[];
  hostname?: string;
}

/** What the values are checked against: this server's redirect URIs, and whether http may name loopback. */
export interface ManagedOAuthRules {
  redirectUris: readonly string[];
  allowLoopbackHttp: boolean;
}

const MAX_URL = 2048;
const MAX_SCOPES = 50;

/** The values of a request body, or a 400 naming what was wrong; unknown fields are dropped. */
export function checkManagedOAuthValues(
  input: unknown,
  rules: ManagedOAuthRules,
): ManagedOAuthValues {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw AppError.invalidRequest('values must be an object');
  }
  const raw = input as Record<string, unknown>;
  const values: ManagedOAuthValues = {
    clientId: text(raw, 'clientId', 255, true)!,
    clientSecret: text(raw, 'clientSecret', 4096, true, false)!,
    accessTokenUri: endpoint(raw, 'accessTokenUri', rules),
    authorizationUri: endpoint(raw, 'authorizationUri', rules),
  };
  const redirectUri = text(raw, 'redirectUri', MAX_URL, false);
  if (redirectUri !== undefined) {
    if (!rules.redirectUris.includes(redirectUri)) {
      throw AppError.invalidRequest(
        `values.redirectUri must be one of this server's redirect URIs (${rules.redirectUris.join(', ')})`,
      );
    }
    values.redirectUri = redirectUri;
  }
  const scopes = scopeList(raw.scopes);
  if (scopes !== undefined) values.scopes = scopes;
  const hostname = text(raw, 'hostname', 253, false);
  if (hostname !== undefined) {
    try {
      values.hostname = parseClientHostname(hostname, 'values.hostname').hostname;
    } catch (error) {
      if (error instanceof HostRuleError) throw AppError.invalidRequest(error.message);
      throw error;
    }
  }
  return values;
}

/** The scopes to ask for: a string is split on spaces and commas. */
export function scopesOf(values: ManagedOAuthValues): string[] | undefined {
  if (values.scopes === undefined) return undefined;
  return typeof values.scopes === 'string'
    ? values.scopes.split(/[\s,]+/).filter(Boolean)
    : values.scopes;
}

/** The values a client may see: never the secret. */
export function withoutSecret(
  values: ManagedOAuthValues,
): Omit<ManagedOAuthValues, 'clientSecret'> {
  const { clientSecret: _secret, ...rest } = values;
  return rest;
}

function text(
  raw: Record<string, unknown>,
  name: string,
  max: number,
  required: boolean,
  trim = true,
): string | undefined {
  const value = raw[name];
  if (value === undefined || value === null || value === '') {
    if (required) throw AppError.invalidRequest(`values.${name} is required`);
    return undefined;
  }
  if (typeof value !== 'string') throw AppError.invalidRequest(`values.${name} must be a string`);
  const result = trim ? value.trim() : value;
  if (result === '' && required) throw AppError.invalidRequest(`values.${name} is required`);
  if (result.length > max) {
    throw AppError.invalidRequest(`values.${name} must be at most ${max} characters`);
  }
  if ([...result].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    throw AppError.invalidRequest(`values.${name} must not contain control characters`);
  }
  return result === '' ? undefined : result;
}

/** https, or http on loopback where private CRM hosts are allowed (development and tests). */
function endpoint(raw: Record<string, unknown>, name: string, rules: ManagedOAuthRules): string {
  const value = text(raw, name, MAX_URL, true)!;
  const field = `values.${name}`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw AppError.invalidRequest(`${field} must be an absolute https URL`);
  }
  const loopback = isLoopback(url.hostname);
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && loopback && rules.allowLoopbackHttp)
  ) {
    throw AppError.invalidRequest(`${field} must be an https URL`);
  }
  if (url.username !== '' || url.password !== '') {
    throw AppError.invalidRequest(`${field} must not contain a user name or password`);
  }
  if (url.hash !== '' || value.includes('#')) {
    throw AppError.invalidRequest(`${field} must not have a fragment`);
  }
  return url.href;
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (host === 'localhost') return true;
  if (net.isIPv4(host)) return host.startsWith('127.');
  return host === '::1';
}

function scopeList(value: unknown): string | string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const scope = /^[\x21-\x7e]{1,255}$/;
  if (typeof value === 'string') {
    const parts = value.split(/[\s,]+/).filter(Boolean);
    if (value.length > 4096 || parts.length > MAX_SCOPES || !parts.every((p) => scope.test(p))) {
      throw AppError.invalidRequest(
        `values.scopes must hold at most ${MAX_SCOPES} printable scope names`,
      );
    }
    return value.trim();
  }
  if (
    !Array.isArray(value) ||
    value.length > MAX_SCOPES ||
    !value.every((item) => typeof item === 'string' && scope.test(item))
  ) {
    throw AppError.invalidRequest(
      `values.scopes must be a string or a list of at most ${MAX_SCOPES} scope names`,
    );
  }
  return value as string[];
}
