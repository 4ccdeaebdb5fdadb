import type { ApiKeyPlacement } from './crm-http-client.js';

/** The CRM's own view of the signed-in user; identity is only ever taken from here. */
export interface CrmUserInfo {
  id: string;
  name: string;
  /** IANA zone, when the CRM exposes one. */
  timezone?: string;
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
  /** Login fields holding a URL the server will call: checked like `allowedHosts` (docs/providers.md). */
  urlFields?: readonly string[];
}

/** An OAuth 2.0 authorization-code client registered with the CRM (docs/providers.md, Sign-in styles). */
export interface OAuthClientDeclaration {
  authorizationUrl: string;
  tokenUrl: string;
  /** RFC 7009 endpoint; logout revokes the tokens there when present. */
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
