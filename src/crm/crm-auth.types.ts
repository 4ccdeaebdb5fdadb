import type { ApiKeyPlacement } from './crm-http-client.js';

/** The CRM's own view of the signed-in user; identity is only ever taken from here. */
export interface CrmUserInfo {
  id: string;
  name: string;
  timezone?: string;
}

/** One user of the CRM tenant, as getUserList lists them for the admin's user mapping. */
export interface CrmDirectoryUser {
  id: string;
  name: string;
  email?: string;
}

export interface ApiKeyLoginField {
  const: string;
  title: string;
  type: 'string';
  required?: boolean;
  hidden?: boolean;
  uiSchema?: Record<string, unknown>;
}

export interface ApiKeyAuth {
  type: 'apiKey';
  placement: ApiKeyPlacement;
  /** The client's login form; the field with const `apiKey` is the key itself. */
  page: { title: string; warning?: string; content: ApiKeyLoginField[] };
  /** Login fields holding a URL the server will call: held to the host rule. */
  urlFields?: readonly string[];
}

export interface OAuthClientDeclaration {
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl?: string;
  scopes: string[];
  pkce: boolean;
  clientId: string;
  clientSecret: string;
  authorizationParams?: Record<string, string>;
}

export interface OAuthAuth {
  type: 'oauth';
  oauth: OAuthClientDeclaration;
}

export type CrmAuthDeclaration = ApiKeyAuth | OAuthAuth;
