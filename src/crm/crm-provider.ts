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
import type { CrmAccountDataDeclaration } from './crm-account-data.types.js';
import type {
  AppointmentChanges,
  AppointmentRange,
  CrmAppointment,
  NewAppointment,
} from './crm-appointment.types.js';
import type { CrmAuthDeclaration, CrmDirectoryUser, CrmUserInfo } from './crm-auth.types.js';
import type { CrmContact, NewContact } from './crm-contact.types.js';
import type { CrmContext } from './crm-context.js';
import type { PhoneQuery } from './phone/index.js';

/** How ctx.http calls this CRM; each field defaults to CRM_* (docs/providers.md, `http`). */
export interface CrmHttpDeclaration {
  connectTimeoutMs?: number;
  attemptTimeoutMs?: number;
  maxAttempts?: number;
  maxConcurrent?: number;
  maxQueued?: number;
  retryAfterCapSeconds?: number;
  breaker?: { threshold?: number; halfOpenAfterMs?: number };
  idempotentPatch?: boolean;
  idempotencyKeyHeader?: string;
}

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

/** One bound CRM (docs/providers.md, The seam): no per-user state; failures throw CrmError. */
export interface CrmProvider {
  /** Platform name on the wire: lowercase, digits and dashes. */
  readonly platform: string;
  readonly displayName: string;
  readonly auth: CrmAuthDeclaration;
  readonly logFormat: LogFormat;
  readonly contactTypes?: readonly { display: string; value: string }[];
  readonly manifest?: PlatformManifestExtras;
  readonly urlIdentifier?: string;
  readonly enabled?: boolean;
  readonly logFormFields?: {
    callLog?: readonly LogFormField[];
    messageLog?: readonly LogFormField[];
  };
  readonly searchesExtensions?: boolean;
  readonly http?: CrmHttpDeclaration;
  readonly allowedHosts?: readonly string[];
  /** Declared together with `loadAccountData`. */
  readonly accountData?: CrmAccountDataDeclaration;

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
  logout?(ctx: CrmContext): Promise<void>;
  /** One declared key's value: JSON, shared by the tenant's users, so never a credential. */
  loadAccountData?(ctx: CrmContext, key: string): Promise<unknown>;
  /** Every user of the signed-in user's CRM tenant (POST /admin/userMapping matches them to extensions). */
  getUserList?(ctx: CrmContext): Promise<CrmDirectoryUser[]>;
  /** Appointments (docs/providers.md, Appointments): only the signed-in user's; another's is NOT_FOUND. */
  listAppointments?(ctx: CrmContext, range?: AppointmentRange): Promise<CrmAppointment[]>;
  createAppointment?(ctx: CrmContext, appointment: NewAppointment): Promise<CrmAppointment>;
  /** Also serves the status route, with `{ status }` alone. */
  updateAppointment?(
    ctx: CrmContext,
    appointmentId: string,
    changes: AppointmentChanges,
  ): Promise<CrmAppointment>;
  refreshAppointment?(ctx: CrmContext, appointmentId: string): Promise<CrmAppointment>;
  confirmAppointment?(ctx: CrmContext, appointmentId: string): Promise<CrmAppointment>;
  cancelAppointment?(ctx: CrmContext, appointmentId: string): Promise<CrmAppointment>;
}

export const CRM_PROVIDERS = Symbol('CRM_PROVIDERS');
