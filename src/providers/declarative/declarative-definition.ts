import type { LogFormat, LogFormField } from '../../crm/crm-activity.types.js';
import type { ApiKeyLoginField } from '../../crm/crm-auth.types.js';
import type { PlatformManifestExtras } from '../../crm/crm-provider.js';
import type { CrmTimeFormat } from '../../crm/crm-time.js';
import type { PhoneVariantKind } from '../../crm/phone/index.js';

/**
 * The shape of a declarative provider file, as schemas/declarative-provider.schema.json describes
 * it (the schema is what validates a file; these types only name what it guarantees).
 */
export interface DeclarativeDefinition {
  platform: string;
  displayName: string;
  /** Template over `hostname` and `env`, e.g. `https://{{hostname}}/api/v2`. */
  baseUrl: string;
  /** The CRM's web pages for the client (`*.example-crm.com/*`); a template over `env`. */
  urlIdentifier?: string;
  /** Required when baseUrl uses `{{hostname}}`: `crm.example.com` or `*.example.com`. */
  allowedHostnames?: string[];
  /** Sent on every request; templates over `hostname` and `env`. */
  headers?: Record<string, string>;
  /** Where the CRM's own text is in its error answers (`error.message`). */
  errorMessage?: string;
  logFormat?: LogFormat;
  contactTypes?: { display: string; value: string }[];
  manifest?: PlatformManifestExtras;
  logFormFields?: { callLog?: LogFormField[]; messageLog?: LogFormField[] };
  /** How a CRM record becomes a contact, for every operation that returns contacts. */
  contactFields?: ContactFields;
  /** How a CRM record becomes an appointment, for every appointment operation. */
  appointmentFields?: AppointmentFields;
  auth: DeclarativeAuth;
  operations: DeclarativeOperations;
}

/** A secret or setting read from an environment variable at start-up. */
export interface EnvReference {
  env: string;
}

export type DeclarativeAuth =
  | {
      type: 'oauth2';
      authorizationUrl: string;
      tokenUrl: string;
      revocationUrl?: string;
      scopes: string[];
      pkce?: boolean;
      clientId: string | EnvReference;
      clientSecret: EnvReference;
      authorizationParams?: Record<string, string>;
    }
  | { type: 'apiKey'; in: 'header'; name: string; prefix?: string; page?: LoginPage }
  | { type: 'apiKey'; in: 'query'; name: string; page?: LoginPage }
  | { type: 'basic'; page?: LoginPage }
  | { type: 'bearer'; page?: LoginPage };

export interface LoginPage {
  title: string;
  warning?: string;
  content: ApiKeyLoginField[];
}

/**
 * A response field: a path (`data.id`, `items.0.name`, `$` for the whole value), a template over
 * the record (`{{firstName}} {{lastName}}`), or a value picked out of an array of the record.
 */
export type FieldMapping = string | ArrayPick;

/** One element's value out of an array of the record, chosen by a condition. */
export interface ArrayPick {
  from: string;
  /** The first element whose fields equal these values. */
  where?: Record<string, string | number | boolean | null>;
  /** The first element whose phone at this path is the searched number (phone searches). */
  matchesPhone?: string;
  /** Where the record's country is, to read national phone formats in. */
  country?: string;
  value: string;
  /** No element meets the condition: the first non-empty value (default), or none. */
  otherwise?: 'first' | 'none';
}

/** A time in the record and how the CRM writes it. */
export interface TimeMapping {
  path: string;
  format: CrmTimeFormat;
}

export type Pagination =
  | { type: 'cursor'; next: string; param: string; maxPages?: number }
  | { type: 'page'; param: string; first?: number; pageSize?: number; maxPages?: number }
  | { type: 'offset'; param: string; pageSize?: number; maxPages?: number }
  | { type: 'link'; maxPages?: number };

/** Keeps the records that really have the searched number among their phones. */
export interface PhoneFilter {
  list?: string;
  value: string;
  country?: string;
}

export interface ContactFields {
  id: FieldMapping;
  name: FieldMapping;
  type?: FieldMapping;
  phone?: FieldMapping;
  title?: FieldMapping;
  company?: FieldMapping;
  email?: FieldMapping;
  createdDate?: FieldMapping;
  mostRecentActivityDate?: FieldMapping;
}

export interface AppointmentFields {
  id: FieldMapping;
  title: FieldMapping;
  description?: FieldMapping;
  startTime: TimeMapping;
  durationMinutes?: FieldMapping;
  status?: FieldMapping;
  contactId?: FieldMapping;
  contactType?: FieldMapping;
}

/** An appointment operation that answers one record (at `item`, else the whole answer). */
export type AppointmentOperation = Omit<Operation, 'response'> & {
  response?: { item?: string; appointment?: AppointmentFields };
};

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestTemplate {
  method: HttpMethod;
  /** Relative to baseUrl, starting with `/`; inserted values are URL-encoded. */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** Any JSON; strings are templates. */
  body?: unknown;
}

export interface Operation<Response = undefined> {
  request: RequestTemplate;
  response: Response;
}

export interface ContactListResponse {
  /** Path to the array of records (`$` when the response is the array). */
  list: string;
  contact?: ContactFields;
  pagination?: Pagination;
}

/** An update that may send the whole record: read with the get operation, the body laid over it. */
export type UpdateOperation = Omit<Operation, 'response'> & {
  fullRecord?: true | { omit?: string[] };
};

/** A create whose CRM answers a repeat with a conflict naming the existing record. */
export type CreateOperation = Operation<{
  id: FieldMapping;
  conflict?: { status?: number; id: string };
}>;

export interface DeclarativeOperations {
  getUserInfo: Operation<{ id: FieldMapping; name: FieldMapping; timezone?: FieldMapping }>;
  findContactsByPhone: Operation<ContactListResponse> & {
    variants?: PhoneVariantKind[];
    stop?: 'first-hit' | 'all';
    maxSearches?: number;
    filter?: PhoneFilter;
  };
  findContactsByName?: Operation<ContactListResponse>;
  createContact?: Omit<Operation, 'response'> & {
    response?: { item?: string; contact?: ContactFields };
  };
  createCallLog: CreateOperation;
  getCallLog: Operation<{
    item?: string;
    subject: FieldMapping;
    body: FieldMapping;
    contactId?: FieldMapping;
    startTime?: TimeMapping;
    /** Field const → where its value is. */
    dispositions?: Record<string, FieldMapping>;
  }>;
  updateCallLog: UpdateOperation;
  upsertCallDisposition?: UpdateOperation;
  createMessageLog: CreateOperation;
  getMessageLog: Operation<{
    item?: string;
    subject: FieldMapping;
    body: FieldMapping;
    contactId?: FieldMapping;
    occurredAt?: TimeMapping;
  }>;
  updateMessageLog: UpdateOperation;
  logout?: Omit<Operation, 'response'>;
  listAppointments?: Operation<{ list: string; appointment?: AppointmentFields }>;
  createAppointment?: AppointmentOperation;
  updateAppointment?: AppointmentOperation;
  refreshAppointment?: AppointmentOperation;
  confirmAppointment?: AppointmentOperation;
  cancelAppointment?: AppointmentOperation;
}
