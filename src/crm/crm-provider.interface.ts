import type { ApiKeyPlacement, CrmHttpClient } from './crm-http-client.js';
import type { PhoneQuery } from './phone/index.js';

export type { ApiKeyPlacement };

/** Body formats a CRM activity can hold; the core composes bodies in the declared one. */
export type LogFormat = 'text/plain' | 'text/html' | 'text/markdown';

/** The signed-in CRM user a request runs for (never carries credentials). */
export interface CrmUserRef {
  readonly id: string;
  readonly platform: string;
  readonly hostname: string;
  readonly crmUserId: string;
  readonly name: string;
  readonly timezone: string | null;
}

/**
 * Everything a provider method gets: the user and an HTTP client already pointed at the CRM and
 * carrying that user's credentials (refresh, timeouts and error mapping included).
 */
export interface CrmContext {
  readonly platform: string;
  readonly hostname: string;
  /** Absent while logging in, before the user is known. */
  readonly user?: CrmUserRef;
  readonly http: CrmHttpClient;
}

/** The CRM's own view of the signed-in user; identity is only ever taken from here. */
export interface CrmUserInfo {
  id: string;
  name: string;
  /** IANA zone, e.g. America/New_York, when the CRM exposes one. */
  timezone?: string;
}

export interface CrmContact {
  id: string;
  name: string;
  /** The CRM record type; the client sends it back as contactType. */
  type?: string;
  phone?: string;
  title?: string;
  company?: string;
  email?: string;
  createdDate?: string;
  mostRecentActivityDate?: string;
  /** Options for contact-dependent form fields, keyed by field const. */
  additionalInfo?: Record<string, unknown>;
}

export interface NewContact {
  /** E.164. */
  phoneNumber: string;
  name: string;
  type?: string;
  additionalSubmission: Record<string, unknown>;
}

export interface CallLogWrite {
  contactId: string;
  contactType?: string;
  contactName?: string;
  subject: string;
  /** Composed by the core in the provider's logFormat. */
  body: string;
  sessionId: string;
  /** Absent when the client did not send it. */
  direction?: 'Inbound' | 'Outbound';
  /** The call's start, or the time the server received the log when the client sent none. */
  startTime: Date;
  /** Absent while the call goes on (server-side logging's pending call), or when not sent. */
  durationSeconds?: number;
  result?: string;
  additionalSubmission: Record<string, unknown>;
  /** The values of the declared `logFormFields.callLog` among additionalSubmission. */
  dispositions: Record<string, DispositionValue>;
  /** Stable for this call and user: safe to send as an idempotency key. */
  idempotencyKey: string;
}

/** A value of a log-form field (selection const, text, checkbox). */
export type DispositionValue = string | number | boolean;

export interface CrmCallLog {
  id: string;
  subject: string;
  body: string;
  contactId?: string;
  /** When the call started, as the CRM stored it (read back by the provider kit). */
  startTime?: Date;
  /** Current values of the call-log form fields, keyed by field const. */
  dispositions?: Record<string, DispositionValue>;
}

export interface CallLogUpdate {
  subject?: string;
  body?: string;
}

/** What a message-log activity holds: SMS and MMS, faxes, or voicemail. */
export type MessageLogKind = 'sms' | 'fax' | 'voicemail';

/** One conversation-day of messages, as a new CRM activity. */
export interface MessageLogWrite {
  contactId: string;
  contactType?: string;
  contactName?: string;
  kind: MessageLogKind;
  subject: string;
  /** The digest, composed by the core in the provider's logFormat. */
  body: string;
  conversationId: string;
  /** The conversation-day the activity holds: opaque, suffixed per contact for group SMS. */
  conversationLogId: string;
  /** When the first message of the activity was sent. */
  occurredAt: Date;
  additionalSubmission: Record<string, unknown>;
  /** Stable for this conversation-day and user: safe to send as an idempotency key. */
  idempotencyKey: string;
}

export interface CrmMessageLog {
  id: string;
  subject: string;
  body: string;
  contactId?: string;
  /** When the activity's first message was sent, as the CRM stored it. */
  occurredAt?: Date;
}

/** The whole new body (the core appends to the body it read); subject only when it changes. */
export interface MessageLogUpdate {
  subject?: string;
  body: string;
}

/** A field of the client's call-log or message-log form (manifest `page.*.additionalFields`). */
export interface LogFormField {
  const: string;
  title: string;
  type: 'selection' | 'inputField' | 'checkbox' | 'date' | 'string' | 'warning';
  required?: boolean;
  description?: string;
  contactDependent?: boolean;
  contactTypeDependent?: boolean;
  includeNoneOption?: boolean;
  allowCustomValue?: boolean;
  options?: { const: string; title: string }[];
  defaultSettingId?: string;
  defaultSettingValues?: Record<string, unknown>;
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
  /**
   * Consts of login fields that hold a URL the server will call (e.g. an `apiUrl`): the value must
   * pass the host rule and match `allowedHosts`, or the login is refused.
   */
  urlFields?: readonly string[];
}

/** An OAuth 2.0 authorization-code client registered with the CRM. */
export interface OAuthClientDeclaration {
  /** The CRM's authorize endpoint (no query string). */
  authorizationUrl: string;
  tokenUrl: string;
  /** RFC 7009 endpoint; logout revokes the tokens there when present. */
  revocationUrl?: string;
  scopes: string[];
  /** Whether the CRM supports PKCE (S256); the verifier is kept server-side. */
  pkce: boolean;
  clientId: string;
  clientSecret: string;
  /** Extra authorize-URL parameters (e.g. access_type=offline, prompt=consent). */
  authorizationParams?: Record<string, string>;
}

export interface OAuthAuth {
  type: 'oauth';
  oauth: OAuthClientDeclaration;
}

export type CrmAuthDeclaration = ApiKeyAuth | OAuthAuth;

/**
 * How the CrmHttpClient calls this CRM. Every field is optional and falls back to the CRM_*
 * configuration (docs/configuration.md); the request's overall budget (CRM_TIMEOUT_MS) always applies.
 */
export interface CrmHttpDeclaration {
  /** Opening a connection (TCP and TLS). */
  connectTimeoutMs?: number;
  /** One attempt, from connecting to the last byte of the answer. */
  attemptTimeoutMs?: number;
  /** Attempts per call, the first included (1 = never retry). */
  maxAttempts?: number;
  /**
   * Requests in flight at once to this CRM (per instance), and how many may wait for a slot (each
   * while its budget allows; beyond that the user is told the server is busy).
   */
  maxConcurrent?: number;
  maxQueued?: number;
  /** The longest Retry-After waited for; beyond it the user is told at once that the CRM is busy. */
  retryAfterCapSeconds?: number;
  /** Consecutive failed attempts that open a host's breaker, and how long it stays open. */
  breaker?: { threshold?: number; halfOpenAfterMs?: number };
  /**
   * The CRM's PATCH sets the fields it is given, so sending it twice has the effect of once: it is
   * then retried like GET, PUT and DELETE. Default false.
   */
  idempotentPatch?: boolean;
  /** The header a request's `idempotencyKey` travels in. Default `Idempotency-Key`. */
  idempotencyKeyHeader?: string;
}

/** Extra platform fields for the client's manifest (docs/client-contract.md, Platform registration and the manifest), passed through as given. */
export interface PlatformManifestExtras {
  logoUrl?: string;
  documentationUrl?: string;
  urlIdentifier?: string;
  environment?: Record<string, unknown>;
  contactPageUrl?: string;
  logPageUrl?: string;
  page?: Record<string, unknown>;
  settings?: unknown[];
  [field: string]: unknown;
}

/**
 * One bound CRM. Providers are shared across requests, so they keep no per-user state: everything
 * per user arrives in the context. They never handle tokens, retries or JSON plumbing; they throw
 * CrmError (usually via ctx.http) when the CRM fails.
 */
export interface CrmProvider {
  /** Platform name on the wire (`platform`, manifest key): lowercase, digits and dashes. */
  readonly platform: string;
  readonly displayName: string;
  readonly auth: CrmAuthDeclaration;
  readonly logFormat: LogFormat;
  /** Create-contact choices; the value comes back as newContactType. */
  readonly contactTypes?: readonly { display: string; value: string }[];
  readonly manifest?: PlatformManifestExtras;
  /**
   * The CRM's own web pages, as the client recognises them (manifest `urlIdentifier`): a host and
   * path where the first `*` is a wildcard, e.g. `*.example-crm.com/*`. The client registers the
   * platform when the CRM tab's URL matches. Absent: derived from the host of `apiBaseUrl('')` (or
   * the first `allowedHosts` pattern), with a start-up warning, since the API host is often not the
   * host of the pages.
   */
  readonly urlIdentifier?: string;
  /** false leaves the provider unbound (e.g. switched off or not configured). Default true. */
  readonly enabled?: boolean;
  /** Extra log-form fields; values come back in additionalSubmission and as dispositions. */
  readonly logFormFields?: {
    callLog?: readonly LogFormField[];
    messageLog?: readonly LogFormField[];
  };
  /**
   * true: findContactsByPhone also receives extension queries (`query.isExtension`). Otherwise the
   * core answers an extension lookup with no match, without calling the CRM.
   */
  readonly searchesExtensions?: boolean;
  /** Timeouts, retries, breaker and concurrency for this CRM; defaults from configuration. */
  readonly http?: CrmHttpDeclaration;

  /**
   * The CRM hosts this provider may call: exact hosts (`crm.example.com`, `10.0.0.5:8443`) or
   * wildcards over subdomains (`*.example.com`); without a port only the default port matches.
   * Credentials are sent to these hosts only, and a hostname or URL the client supplies must match
   * one. Absent: the host of `apiBaseUrl('')` (a fixed-host CRM). A provider that takes its CRM
   * hostname from the client (`manifest.environment`) must declare it. The OAuth token and
   * revocation URLs must be on these hosts (checked at start-up).
   */
  readonly allowedHosts?: readonly string[];

  /** Base URL of the CRM API (no trailing slash) for a user's CRM hostname. */
  apiBaseUrl(hostname: string): string;

  /** The signed-in user; also how credentials are validated at login. */
  getUserInfo(ctx: CrmContext): Promise<CrmUserInfo>;
  /** Contacts whose number is the queried one, stored in whatever format (see searchPhoneVariants). */
  findContactsByPhone(ctx: CrmContext, query: PhoneQuery): Promise<CrmContact[]>;
  createCallLog(ctx: CrmContext, log: CallLogWrite): Promise<{ logId: string }>;
  getCallLog(ctx: CrmContext, logId: string): Promise<CrmCallLog>;
  updateCallLog(ctx: CrmContext, logId: string, update: CallLogUpdate): Promise<void>;
  /** A new activity for one conversation-day; later messages of that day are appended to it. */
  createMessageLog(ctx: CrmContext, log: MessageLogWrite): Promise<{ logId: string }>;
  /** The activity's current subject and body, read before appending to it. */
  getMessageLog(ctx: CrmContext, logId: string): Promise<CrmMessageLog>;
  updateMessageLog(ctx: CrmContext, logId: string, update: MessageLogUpdate): Promise<void>;

  /**
   * Stores call-log form values on a logged call. Receives only the consts declared in
   * `logFormFields.callLog`; absent means the CRM has no dispositions.
   */
  upsertCallDisposition?(
    ctx: CrmContext,
    logId: string,
    dispositions: Record<string, DispositionValue>,
  ): Promise<void>;

  createContact?(ctx: CrmContext, contact: NewContact): Promise<CrmContact>;
  findContactsByName?(ctx: CrmContext, name: string): Promise<CrmContact[]>;
  /** Revoke the credentials at the CRM on logout. */
  logout?(ctx: CrmContext): Promise<void>;
}

/** The DI token under which every bound provider is collected (an array of CrmProvider). */
export const CRM_PROVIDERS = Symbol('CRM_PROVIDERS');
