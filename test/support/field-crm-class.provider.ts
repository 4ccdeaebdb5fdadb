import { isCrmError } from '../../src/crm/crm-error.js';
import { readPages } from '../../src/crm/crm-pagination.js';
import type {
  CallLogUpdate,
  CallLogWrite,
  CrmCallLog,
  CrmMessageLog,
  MessageLogUpdate,
  MessageLogWrite,
} from '../../src/crm/crm-activity.types.js';
import type { ApiKeyAuth, CrmUserInfo } from '../../src/crm/crm-auth.types.js';
import type { CrmContact, NewContact } from '../../src/crm/crm-contact.types.js';
import type { CrmContext } from '../../src/crm/crm-context.js';
import type { CrmProvider } from '../../src/crm/crm-provider.js';
import { fromCrmTime, toCrmTime } from '../../src/crm/crm-time.js';
import { keepPhoneMatches, matchingPhone, type PhoneQuery } from '../../src/crm/phone/index.js';

type Labelled = { label: string; value: string };
type Person = { id: string; first_name: string; last_name: string; company: string | null } & {
  country: string | null;
  emails: Labelled[];
  phones: Labelled[];
};
type Activity = Record<'id' | 'person_id' | 'title' | 'notes', string> & { occurred_at: number };
type Ctx = CrmContext;

/**
 * field CRM (examples/field-crm) bound by a class, the worked example of docs/providers.md: the
 * same API as src/providers/field-crm/field-crm.json, with src/crm's helpers doing the plumbing.
 */
export class FieldCrmClassProvider implements CrmProvider {
  readonly platform = 'field-crm-class';
  readonly displayName = 'Field CRM (class)';
  readonly logFormat = 'text/plain';
  readonly auth: ApiKeyAuth = {
    type: 'apiKey',
    placement: { in: 'header', name: 'X-Field-Token' },
    page: { title: 'Field CRM', content: [{ const: 'apiKey', title: 'API key', type: 'string' }] },
  };

  constructor(private readonly url: string) {}

  apiBaseUrl(): string {
    return `${this.url}/v2`;
  }

  async getUserInfo(ctx: Ctx): Promise<CrmUserInfo> {
    type Me = { user: { id: string; name: string; time_zone: string } };
    const { user } = await ctx.http.get<Me>('/whoami');
    return { id: user.id, name: user.name, timezone: user.time_zone };
  }

  async findContactsByPhone(ctx: Ctx, query: PhoneQuery): Promise<CrmContact[]> {
    if (query.isExtension) return [];
    // Digits anywhere in a stored phone: the national number is in every format of it.
    const people = await this.search(ctx, { phone_digits: query.nationalNumber });
    const phones = (person: Person) => person.phones.map((phone) => phone.value);
    const mine = keepPhoneMatches(people, phones, query, (person) => person.country);
    return mine.map((person) => this.contact(person, query));
  }

  async findContactsByName(ctx: Ctx, name: string): Promise<CrmContact[]> {
    return (await this.search(ctx, { name })).map((person) => this.contact(person));
  }

  async createContact(ctx: Ctx, contact: NewContact): Promise<CrmContact> {
    const words = contact.name.trim().split(/\s+/);
    const last_name = words.pop();
    const phones = [{ label: 'work', value: contact.phoneNumber }];
    const body = { first_name: words.join(' '), last_name, phones };
    return this.contact(await ctx.http.post<Person>('/people', body));
  }

  createCallLog(ctx: Ctx, log: CallLogWrite): Promise<{ logId: string }> {
    return this.create(ctx, log.contactId, log.idempotencyKey, {
      kind: 'call',
      title: log.subject.slice(0, 200),
      notes: log.body,
      direction: log.direction?.toLowerCase() ?? null,
      occurred_at: toCrmTime(log.startTime, 'unixSeconds'),
      duration_s: log.durationSeconds ?? 0,
    });
  }

  async getCallLog(ctx: Ctx, logId: string): Promise<CrmCallLog> {
    const { occurredAt, ...log } = await this.getMessageLog(ctx, logId);
    return { ...log, startTime: occurredAt };
  }

  updateCallLog(ctx: Ctx, logId: string, update: CallLogUpdate): Promise<void> {
    return this.replace(ctx, logId, update);
  }

  createMessageLog(ctx: Ctx, log: MessageLogWrite): Promise<{ logId: string }> {
    return this.create(ctx, log.contactId, log.idempotencyKey, {
      kind: log.kind,
      title: log.subject.slice(0, 200),
      notes: log.body,
      occurred_at: toCrmTime(log.occurredAt, 'unixSeconds'),
    });
  }

  async getMessageLog(ctx: Ctx, logId: string): Promise<CrmMessageLog> {
    const activity = await ctx.http.get<Activity>(`/activities/${encodeURIComponent(logId)}`);
    const { id, title: subject, notes: body, person_id: contactId } = activity;
    const occurredAt = fromCrmTime(activity.occurred_at, 'unixSeconds');
    return { id, subject, body, contactId, occurredAt };
  }

  updateMessageLog(ctx: Ctx, logId: string, update: MessageLogUpdate): Promise<void> {
    return this.replace(ctx, logId, update);
  }

  async logout(ctx: Ctx): Promise<void> {
    await ctx.http.post('/logout', undefined, 'logout');
  }

  private async search(ctx: Ctx, query: Record<string, string>): Promise<Person[]> {
    type Page = { results: Person[]; next_cursor: string | null };
    const pages = await readPages<Person, string>(async (cursor) => {
      const page = await ctx.http.get<Page>('/people/search', { ...query, cursor });
      return { items: page.results, next: page.next_cursor };
    }, 10);
    return pages.items;
  }

  /** A create; its 409 names the activity an earlier attempt stored under the same reference. */
  private async create(ctx: Ctx, personId: string, ref: string, fields: object) {
    const path = `/people/${encodeURIComponent(personId)}/activities`;
    const body = { ...fields, external_ref: ref };
    try {
      const created = await ctx.http.request<Activity>({
        method: 'POST',
        path,
        body,
        retrySafe: true,
      });
      return { logId: created.id };
    } catch (error) {
      if (!isCrmError(error) || error.status !== 409) throw error;
      const answer = error.body as { error: { details: { existing_id: string } } };
      return { logId: answer.error.details.existing_id };
    }
  }

  /** A full replace: GET, then PUT it back with the new title and notes. */
  private async replace(ctx: Ctx, logId: string, update: { subject?: string; body?: string }) {
    const path = `/activities/${encodeURIComponent(logId)}`;
    const current = await ctx.http.get<Activity>(path);
    const title = update.subject?.slice(0, 200) ?? current.title;
    await ctx.http.put(path, { ...current, title, notes: update.body ?? current.notes });
  }

  private contact(person: Person, query?: PhoneQuery): CrmContact {
    const phones = person.phones.filter((phone) => phone.value !== '');
    const match = query && matchingPhone(phones, (p) => p.value, query, person.country);
    return {
      id: person.id,
      name: `${person.first_name} ${person.last_name}`.trim(),
      phone: (match ?? phones[0])?.value,
      company: person.company ?? undefined,
      email: person.emails.find((email) => email.label === 'work')?.value,
      additionalInfo: {},
    };
  }
}
