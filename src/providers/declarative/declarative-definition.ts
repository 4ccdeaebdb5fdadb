import type { LogFormat, LogFormField } from '../../crm/crm-activity.types.js';
import type { ApiKeyLoginField } from '../../crm/crm-auth.types.js';
import type { PlatformManifestExtras } from '../../crm/crm-provider.js';
import type { CrmTimeFormat } from '../../crm/crm-time.js';
import type { PhoneVariantKind } from '../../crm/phone/index.js';

/** A declarative provider file's shape; schemas/declarative-provider.schema.json validates it. */
export interface DeclarativeDefinition {
  platform: string;
  displayName: string;
  baseUrl: string;
  urlIdentifier?: string;
  allowedHostnames?: string[];
  headers?: Record<string, string>;
  errorMessage?: string;
  logFormat?: LogFormat;
  contactTypes?: { display: string; value: string }[];
  manifest?: PlatformManifestExtras;
  logFormFields?: { callLog?: LogFormField[]; messageLog?: LogFormField[] };
  contactFields?: ContactFields;
  /** How a CRM record becomes an appointment, for every appointment operation. */
  appointmentFields?: AppointmentFields;
  accountData?: DeclarativeAccountData;
  auth: DeclarativeAuth;
  operations: DeclarativeOperations;
}

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

/** A response field: a path (`data.id`, `$`), a template over the record, or an array pick. */
export type FieldMapping = string | ArrayPick;

export interface ArrayPick {
  from: string;
  where?: Record<string, string | number | boolean | null>;
  matchesPhone?: string;
  country?: string;
  value: string;
  otherwise?: 'first' | 'none';
}

export interface TimeMapping {
  path: string;
  format: CrmTimeFormat;
}

export type Pagination =
  | { type: 'cursor'; next: string; param: string; maxPages?: number }
  | { type: 'page'; param: string; first?: number; pageSize?: number; maxPages?: number }
  | { type: 'offset'; param: string; pageSize?: number; maxPages?: number }
  | { type: 'link'; maxPages?: number };

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

/** GET /accountData's keys, each loaded by its own request as `{const, title}` options. */
export interface DeclarativeAccountData {
  keys: Record<string, AccountDataOperation>;
  ttlSeconds?: number;
  sharedBy?: 'hostname' | 'user';
}

export interface ListResponse {
  list: string;
  pagination?: Pagination;
}

export type AccountDataOperation = Operation<
  ListResponse & { option: { const: FieldMapping; title: FieldMapping } }
>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RequestTemplate {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface Operation<Response = undefined> {
  request: RequestTemplate;
  response: Response;
}

export interface ContactListResponse extends ListResponse {
  contact?: ContactFields;
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
  getUserList?: Operation<
    ListResponse & { user: { id: FieldMapping; name: FieldMapping; email?: FieldMapping } }
  >;
}
