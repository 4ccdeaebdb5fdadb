import type { SampleCrmConfig } from '../../config/sample-crm.config.js';
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
} from '../../crm/crm-activity.types.js';
import type { CrmAccountDataDeclaration } from '../../crm/crm-account-data.types.js';
import type {
  AppointmentChanges,
  AppointmentRange,
  CrmAppointment,
  NewAppointment,
} from '../../crm/crm-appointment.types.js';
import type { CrmDirectoryUser, CrmUserInfo } from '../../crm/crm-auth.types.js';
import type { CrmContact, NewContact } from '../../crm/crm-contact.types.js';
import type { CrmContext } from '../../crm/crm-context.js';
import type { CrmProvider } from '../../crm/crm-provider.js';
import { searchPhoneVariants, type PhoneQuery } from '../../crm/phone/index.js';
import { SampleCrmEndpoint } from './sample-crm-endpoint.js';

const SUBJECT_MAX = 255;

interface SampleContact {
  id: number;
  name: string;
  phone: string;
  type: string;
  company?: string;
  title?: string;
  email?: string;
  createdAt: string;
}

interface SampleActivity {
  id: number;
  contactId: number;
  subject: string;
  body: string;
  occurredAt: string;
  fields?: Record<string, DispositionValue>;
}

interface SampleAppointment {
  id: number;
  title: string;
  description: string;
  /** UTC, ISO 8601. */
  startsAt: string;
  durationMinutes: number;
  status: string;
  contactIds: number[];
}

/** The call-log form's extra field; its value is stored in the activity's `fields`. */
const CALL_LOG_FIELDS: readonly LogFormField[] = [
  {
    const: 'outcome',
    title: 'Outcome',
    type: 'selection',
    required: false,
    includeNoneOption: true,
    options: [
      { const: 'resolved', title: 'Resolved' },
      { const: 'follow-up', title: 'Follow-up needed' },
      { const: 'no-answer', title: 'No answer' },
    ],
  },
];

/** What the 2.0 client's admin page offers; the options come from GET /accountData. */
const ADMIN_SETTINGS = [
  {
    id: 'defaultActivityType',
    type: 'option',
    name: 'Default activity type',
    accountDataKey: 'activityTypes',
  },
];

/** The sample CRM's API, shared by its OAuth and API-key bindings; the worked example (docs/providers.md). */
export abstract class SampleCrmBaseProvider implements Omit<
  CrmProvider,
  'platform' | 'displayName' | 'auth'
> {
  readonly contactTypes = [
    { display: 'Person', value: 'Person' },
    { display: 'Company', value: 'Company' },
  ];
  readonly logFormFields = { callLog: CALL_LOG_FIELDS };
  /** Its PATCH sets the given fields, so a repeat changes nothing: safe to retry. */
  readonly http = { idempotentPatch: true };
  readonly accountData: CrmAccountDataDeclaration = { keys: ['activityTypes', 'users'] };
  readonly manifest = {
    documentationUrl: 'https://github.com/crm-bridge/crm-bridge/blob/main/docs/providers.md',
    adminSettings: ADMIN_SETTINGS,
  };

  constructor(
    protected readonly endpoint: SampleCrmEndpoint,
    protected readonly config: SampleCrmConfig,
  ) {}

  get logFormat(): LogFormat {
    return this.config.logFormat;
  }

  /** Its pages (login, consent) at the address the user's browser knows it by. */
  get urlIdentifier(): string {
    return `${new URL(this.config.publicUrl ?? this.endpoint.baseUrl).host}/*`;
  }

  get allowedHosts(): string[] {
    return this.endpoint.baseUrl ? [new URL(this.endpoint.baseUrl).host] : [];
  }

  apiBaseUrl(): string {
    return this.endpoint.baseUrl;
  }

  /** Each key as `{const, title}` options, the shape the client's selection fields read. */
  async loadAccountData(ctx: CrmContext, key: string): Promise<unknown> {
    if (key === 'activityTypes') {
      const types = await ctx.http.get<{ data: { key: string; name: string }[] }>(
        '/api/activity-types',
        undefined,
        'loadAccountData',
      );
      return types.data.map((type) => ({ const: type.key, title: type.name }));
    }
    const users = await ctx.http.get<{ data: { id: string; name: string }[] }>(
      '/api/users',
      undefined,
      'loadAccountData',
    );
    return users.data.map((user) => ({ const: String(user.id), title: user.name }));
  }

  async getUserList(ctx: CrmContext): Promise<CrmDirectoryUser[]> {
    const users = await ctx.http.get<{ data: { id: string; name: string; email?: string }[] }>(
      '/api/users',
      undefined,
      'getUserList',
    );
    return users.data.map(({ id, name, email }) => ({ id: String(id), name, email }));
  }

  async getUserInfo(ctx: CrmContext): Promise<CrmUserInfo> {
    const me = await ctx.http.get<{ id: string; name: string; timezone?: string }>(
      '/api/me',
      undefined,
      'getUserInfo',
    );
    return { id: String(me.id), name: me.name, timezone: me.timezone };
  }

  // Phones match as stored, exactly: two people may share one number stored in two formats.
  findContactsByPhone(ctx: CrmContext, query: PhoneQuery): Promise<CrmContact[]> {
    return searchPhoneVariants(
      query,
      async (phone) => {
        const found = await ctx.http.get<{ data: SampleContact[] }>(
          '/api/contacts',
          { phone },
          'findContactsByPhone',
        );
        return found.data.map(toContact);
      },
      { idOf: (contact) => contact.id, stop: 'all' },
    );
  }

  async findContactsByName(ctx: CrmContext, name: string): Promise<CrmContact[]> {
    const found = await ctx.http.get<{ data: SampleContact[] }>(
      '/api/contacts',
      { name },
      'findContactsByName',
    );
    return found.data.map(toContact);
  }

  async createContact(ctx: CrmContext, contact: NewContact): Promise<CrmContact> {
    const created = await ctx.http.post<SampleContact>(
      '/api/contacts',
      { name: contact.name, phone: contact.phoneNumber, type: contact.type ?? 'Person' },
      'createContact',
    );
    return toContact(created);
  }

  async createCallLog(ctx: CrmContext, log: CallLogWrite): Promise<{ logId: string }> {
    const activity = await ctx.http.post<SampleActivity>(
      '/api/activities',
      {
        type: 'call',
        contactId: log.contactId,
        subject: log.subject.slice(0, SUBJECT_MAX),
        body: log.body,
        occurredAt: log.startTime.toISOString(),
        externalId: log.sessionId,
        fields: log.dispositions,
      },
      'createCallLog',
      // The sample CRM de-duplicates on this key, so a retried create cannot store a second activity.
      { idempotencyKey: log.idempotencyKey },
    );
    return { logId: String(activity.id) };
  }

  async getCallLog(ctx: CrmContext, logId: string): Promise<CrmCallLog> {
    const activity = await ctx.http.get<SampleActivity>(
      `/api/activities/${encodeURIComponent(logId)}`,
      undefined,
      'getCallLog',
    );
    return {
      id: String(activity.id),
      subject: activity.subject,
      body: activity.body,
      contactId: String(activity.contactId),
      startTime: new Date(activity.occurredAt),
      dispositions: activity.fields ?? {},
    };
  }

  async updateCallLog(ctx: CrmContext, logId: string, update: CallLogUpdate): Promise<void> {
    await ctx.http.patch(
      `/api/activities/${encodeURIComponent(logId)}`,
      { subject: update.subject?.slice(0, SUBJECT_MAX), body: update.body },
      'updateCallLog',
    );
  }

  async upsertCallDisposition(
    ctx: CrmContext,
    logId: string,
    dispositions: Record<string, DispositionValue>,
  ): Promise<void> {
    await ctx.http.patch(
      `/api/activities/${encodeURIComponent(logId)}`,
      { fields: dispositions },
      'upsertCallDisposition',
    );
  }

  async createMessageLog(ctx: CrmContext, log: MessageLogWrite): Promise<{ logId: string }> {
    const activity = await ctx.http.post<SampleActivity>(
      '/api/activities',
      {
        type: log.kind,
        contactId: log.contactId,
        subject: log.subject.slice(0, SUBJECT_MAX),
        body: log.body,
        occurredAt: log.occurredAt.toISOString(),
        // Lets people (and tests) find a conversation-day's activity; the CRM caps it at 255.
        externalId: log.conversationLogId.length <= SUBJECT_MAX ? log.conversationLogId : undefined,
      },
      'createMessageLog',
      { idempotencyKey: log.idempotencyKey },
    );
    return { logId: String(activity.id) };
  }

  async getMessageLog(ctx: CrmContext, logId: string): Promise<CrmMessageLog> {
    const activity = await ctx.http.get<SampleActivity>(
      `/api/activities/${encodeURIComponent(logId)}`,
      undefined,
      'getMessageLog',
    );
    return {
      id: String(activity.id),
      subject: activity.subject,
      body: activity.body,
      contactId: String(activity.contactId),
      occurredAt: new Date(activity.occurredAt),
    };
  }

  async updateMessageLog(ctx: CrmContext, logId: string, update: MessageLogUpdate): Promise<void> {
    await ctx.http.patch(
      `/api/activities/${encodeURIComponent(logId)}`,
      { subject: update.subject?.slice(0, SUBJECT_MAX), body: update.body },
      'updateMessageLog',
    );
  }

  /** The sample CRM's calendar reads the dates in the user's own time zone. */
  async listAppointments(ctx: CrmContext, range?: AppointmentRange): Promise<CrmAppointment[]> {
    const found = await ctx.http.get<{ data: SampleAppointment[] }>(
      '/api/appointments',
      range && { from: range.startDate, to: range.endDate },
      'listAppointments',
    );
    return found.data.map(toAppointment);
  }

  async createAppointment(ctx: CrmContext, appointment: NewAppointment): Promise<CrmAppointment> {
    const created = await ctx.http.post<SampleAppointment>(
      '/api/appointments',
      {
        title: appointment.title,
        description: appointment.summary,
        start: appointment.startTimeUtc,
        durationMinutes: appointment.durationMinutes,
        contactIds: appointment.contacts.map((contact) => contact.id),
      },
      'createAppointment',
    );
    return toAppointment(created);
  }

  async updateAppointment(
    ctx: CrmContext,
    appointmentId: string,
    changes: AppointmentChanges,
  ): Promise<CrmAppointment> {
    const updated = await ctx.http.patch<SampleAppointment>(
      appointmentPath(appointmentId),
      {
        title: changes.title,
        description: changes.summary,
        start: changes.startTimeUtc,
        durationMinutes: changes.durationMinutes,
        contactIds: changes.contacts?.map((contact) => contact.id),
        status: changes.status,
      },
      'updateAppointment',
    );
    return toAppointment(updated);
  }

  async refreshAppointment(ctx: CrmContext, appointmentId: string): Promise<CrmAppointment> {
    return toAppointment(
      await ctx.http.get<SampleAppointment>(
        appointmentPath(appointmentId),
        undefined,
        'refreshAppointment',
      ),
    );
  }

  async confirmAppointment(ctx: CrmContext, appointmentId: string): Promise<CrmAppointment> {
    return toAppointment(
      await ctx.http.post<SampleAppointment>(
        `${appointmentPath(appointmentId)}/confirm`,
        {},
        'confirmAppointment',
      ),
    );
  }

  async cancelAppointment(ctx: CrmContext, appointmentId: string): Promise<CrmAppointment> {
    return toAppointment(
      await ctx.http.post<SampleAppointment>(
        `${appointmentPath(appointmentId)}/cancel`,
        {},
        'cancelAppointment',
      ),
    );
  }
}

const appointmentPath = (id: string) => `/api/appointments/${encodeURIComponent(id)}`;

function toAppointment(appointment: SampleAppointment): CrmAppointment {
  const [contactId] = appointment.contactIds;
  return {
    id: String(appointment.id),
    title: appointment.title,
    description: appointment.description,
    startTimeUtc: appointment.startsAt,
    durationMinutes: appointment.durationMinutes,
    status: appointment.status,
    ...(contactId === undefined ? {} : { contactId: String(contactId) }),
    attendees: appointment.contactIds.map((id) => ({ id: String(id), type: 'Contact' })),
  };
}

function toContact(contact: SampleContact): CrmContact {
  return {
    id: String(contact.id),
    name: contact.name,
    type: contact.type,
    phone: contact.phone,
    company: contact.company,
    title: contact.title,
    email: contact.email,
    createdDate: contact.createdAt,
    additionalInfo: {},
  };
}
