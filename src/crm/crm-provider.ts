import type {
  CallLogUpdate,
  CallLogWrite,
  CrmCallLog,
  CrmMessageLog,
  DispositionValue,
  LogFormat,
  LogFormField,
  MessageLogUpdate,
  MessageLogWrite,
} from './crm-activity.types.js';
import type { CrmAuthDeclaration, CrmUserInfo } from './crm-auth.types.js';
import type { CrmContact, NewContact } from './crm-contact.types.js';
import type { CrmContext } from './crm-context.js';
import type { PhoneQuery } from './phone/index.js';

/** How the CrmHttpClient calls this CRM; each field defaults to CRM_* configuration (docs/providers.md, the `http` declaration). */
export interface CrmHttpDeclaration {
  connectTimeoutMs?: number;
  attemptTimeoutMs?: number;
  /** Attempts per call, the first included (1 = never retry). */
  maxAttempts?: number;
  maxConcurrent?: number;
  maxQueued?: number;
  retryAfterCapSeconds?: number;
  breaker?: { threshold?: number; halfOpenAfterMs?: number };
  idempotentPatch?: boolean;
  idempotencyKeyHeader?: string;
}

/** Extra platform fields for the client's manifest, passed through as given. */
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
 * One bound CRM (docs/providers.md, The seam). Shared across requests, so it keeps no per-user
 * state; it never handles tokens or retries, and throws CrmError (usually via ctx.http) on failure.
 */
export interface CrmProvider {
  /** Platform name on the wire: lowercase, digits and dashes. */
  readonly platform: string;
  readonly displayName: string;
  readonly auth: CrmAuthDeclaration;
  readonly logFormat: LogFormat;
  /** Create-contact choices; the value comes back as newContactType. */
  readonly contactTypes?: readonly { display: string; value: string }[];
  readonly manifest?: PlatformManifestExtras;
  /** The CRM's own web pages as the client recognises them, e.g. `*.example-crm.com/*`. */
  readonly urlIdentifier?: string;
  /** false leaves the provider unbound. Default true. */
  readonly enabled?: boolean;
  readonly logFormFields?: {
    callLog?: readonly LogFormField[];
    messageLog?: readonly LogFormField[];
  };
  /** true: findContactsByPhone also receives extension queries; otherwise they match nothing. */
  readonly searchesExtensions?: boolean;
  readonly http?: CrmHttpDeclaration;
  /** The only hosts credentials go to, and that a client-supplied host must match. */
  readonly allowedHosts?: readonly string[];

  /** Base URL of the CRM API (no trailing slash) for a user's CRM hostname. */
  apiBaseUrl(hostname: string): string;

  /** The signed-in user; also how credentials are validated at login. */
  getUserInfo(ctx: CrmContext): Promise<CrmUserInfo>;
  findContactsByPhone(ctx: CrmContext, query: PhoneQuery): Promise<CrmContact[]>;
  createCallLog(ctx: CrmContext, log: CallLogWrite): Promise<{ logId: string }>;
  getCallLog(ctx: CrmContext, logId: string): Promise<CrmCallLog>;
  updateCallLog(ctx: CrmContext, logId: string, update: CallLogUpdate): Promise<void>;
  createMessageLog(ctx: CrmContext, log: MessageLogWrite): Promise<{ logId: string }>;
  getMessageLog(ctx: CrmContext, logId: string): Promise<CrmMessageLog>;
  updateMessageLog(ctx: CrmContext, logId: string, update: MessageLogUpdate): Promise<void>;
  /** Receives only the consts declared in `logFormFields.callLog`. */
  upsertCallDisposition?(
    ctx: CrmContext,
    logId: string,
    dispositions: Record<string, DispositionValue>,
  ): Promise<void>;
  createContact?(ctx: CrmContext, contact: NewContact): Promise<CrmContact>;
  findContactsByName?(ctx: CrmContext, name: string): Promise<CrmContact[]>;
  /** Revokes the credentials at the CRM on logout. */
  logout?(ctx: CrmContext): Promise<void>;
}

/** The DI token under which every bound provider is collected (an array of CrmProvider). */
export const CRM_PROVIDERS = Symbol('CRM_PROVIDERS');
