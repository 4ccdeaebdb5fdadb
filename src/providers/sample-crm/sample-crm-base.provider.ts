import type { SampleCrmConfig } from '../../config/sample-crm.config.js';
import type {
  CallLogUpdate,
  CallLogWrite,
  CrmCallLog,
  CrmContact,
  CrmContext,
  CrmProvider,
  CrmUserInfo,
  LogFormat,
  NewContact,
} from '../../crm/crm-provider.interface.js';
import { searchPhoneVariants, type PhoneQuery } from '../../crm/phone/index.js';
import { SampleCrmServerHost } from './sample-crm-server.host.js';

/** The sample CRM stores subjects up to 255 characters. */
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
}

/**
 * The sample CRM's API (examples/sample-crm), shared by its two bindings: OAuth (`sample-crm`) and
 * API key (`sample-crm-apikey`). The worked example of the provider seam (docs/providers.md).
 */
export abstract class SampleCrmBaseProvider implements Omit<
  CrmProvider,
  'platform' | 'displayName' | 'auth'
> {
  readonly logFormat: LogFormat = 'text/plain';
  readonly contactTypes = [
    { display: 'Person', value: 'Person' },
    { display: 'Company', value: 'Company' },
  ];
  readonly manifest = {
    documentationUrl: 'https://github.com/crm-bridge/crm-bridge/blob/main/docs/providers.md',
  };

  constructor(
    protected readonly server: SampleCrmServerHost,
    protected readonly config: SampleCrmConfig,
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  apiBaseUrl(): string {
    return this.server.baseUrl;
  }

  async getUserInfo(ctx: CrmContext): Promise<CrmUserInfo> {
    const me = await ctx.http.get<{ id: string; name: string; timezone?: string }>(
      '/api/me',
      undefined,
      'getUserInfo',
    );
    return { id: String(me.id), name: me.name, timezone: me.timezone };
  }

  /**
   * The sample CRM matches the phone text exactly as stored, so every variant is tried: two people
   * may share one number stored in two formats.
   */
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
      },
      'createCallLog',
      // The sample CRM de-duplicates on this key, so a retried create cannot store a second activity.
      { 'idempotency-key': log.idempotencyKey },
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
    };
  }

  async updateCallLog(ctx: CrmContext, logId: string, update: CallLogUpdate): Promise<void> {
    await ctx.http.patch(
      `/api/activities/${encodeURIComponent(logId)}`,
      { subject: update.subject?.slice(0, SUBJECT_MAX), body: update.body },
      'updateCallLog',
    );
  }
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
