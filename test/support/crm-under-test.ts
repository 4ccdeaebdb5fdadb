import type { FaultInjector } from '../../examples/sample-crm/fault-injector.js';
import { CallLogMappingEntity } from '../../src/call-logs/call-log-mapping.entity.js';
import { MessageLogGroupEntity } from '../../src/message-logs/message-log-group.entity.js';
import type { TestApp } from './test-app.js';

export type SeededUser = 'alice' | 'bob';

/** An activity as the suites read it, whatever the CRM calls its fields. */
export interface StoredActivity {
  id: string;
  /** `call`, `sms`, `fax` or `voicemail`. */
  type: string;
  subject: string;
  body: string;
  /** ISO 8601, UTC. */
  occurredAt: string;
  /** The call-log form's values; absent until one is set. */
  fields?: Record<string, unknown>;
}

/** Route keys of the CRM's fault injector and request counts, by what the route does. */
export interface CrmRoutes {
  contactSearch: string;
  userInfo: string;
  createActivity: string;
  updateActivity: string;
}

/**
 * The example CRM behind a platform, as the shared data suites need it: its seed, its optional
 * features, and how to read, fault and change what it holds.
 */
export interface CrmUnderTest {
  /** The seeded users, as the CRM knows them. */
  users: Record<SeededUser, { id: string; name: string; timezone: string }>;
  /** A seeded contact the suites log against; the log factories send its number. */
  contact: { id: string; name: string; phoneNumber: string };
  /** The binding's contact type (its first declared one); none when it declares none. */
  contactType?: string;
  /** A valid number no contact has. */
  unknownNumber: string;
  /** A name search and every seeded contact it finds (over several pages where the CRM pages). */
  nameSearch: { query: string; names: string[] };
  /** An instant on another day in alice's zone than in UTC, and that day in her zone. */
  aliceDayEdge: { at: string; day: string };
  /** How finely the CRM keeps an activity's time. */
  timePrecisionMs: number;
  /** What the CRM may lack: cases that need a feature skip it where it is false. */
  features: {
    /** Call-log form values (dispositions) stored on the activity. */
    dispositions: boolean;
  };
  routes: CrmRoutes;
  faults(t: TestApp): FaultInjector;
  /** Requests the CRM received on a route key. */
  requests(t: TestApp, routeKey: string): number;
  /** Every activity the CRM holds, oldest first. */
  activities(t: TestApp): StoredActivity[];
  /** The activities holding one call (its session id) or one conversation-day (its group key). */
  activitiesOf(t: TestApp, key: string): Promise<StoredActivity[]>;
  /** Everything stored on activities, as text: for what must never reach the CRM. */
  storedText(t: TestApp): string;
  /** Adds a contact with its phone stored exactly as given. */
  addContact(t: TestApp, name: string, phone: string): void;
  /** Changes a user's name and time zone in the CRM; the function returned restores them. */
  editUser(t: TestApp, who: SeededUser, profile: { name: string; timezone: string }): () => void;
}

/** examples/sample-crm (seed.ts): ISO times, custom fields, activities keyed by the caller's id. */
export const SAMPLE_CRM_UNDER_TEST: CrmUnderTest = {
  users: {
    alice: { id: 'u_alice', name: 'Alice Example', timezone: 'America/Los_Angeles' },
    bob: { id: 'u_bob', name: 'Bob Example', timezone: 'Europe/London' },
  },
  contact: { id: '101', name: 'Jane Doe', phoneNumber: '+14155550100' },
  contactType: 'Person',
  unknownNumber: '+12025550147',
  nameSearch: { query: 'Diaz', names: ['Carlos Diaz', 'Dana Diaz'] },
  // 02:30 UTC on 2 May is 1 May in Los Angeles.
  aliceDayEdge: { at: '2024-05-02T02:30:00Z', day: '2024-05-01' },
  timePrecisionMs: 1,
  features: { dispositions: true },
  routes: {
    contactSearch: 'GET /api/contacts',
    userInfo: 'GET /api/me',
    createActivity: 'POST /api/activities',
    updateActivity: 'PATCH /api/activities/:id',
  },
  faults: (t) => t.crm.faults,
  requests: (t, routeKey) => t.crm.store.stats()[routeKey] ?? 0,
  activities: (t) => t.crm.store.activities.map((a) => ({ ...a, id: String(a.id) })),
  activitiesOf: async (t, key) =>
    t.crm.store.activities
      .filter((a) => a.externalId === key)
      .map((a) => ({ ...a, id: String(a.id) })),
  storedText: (t) => JSON.stringify(t.crm.store.activities),
  addContact: (t, name, phone) => {
    t.crm.store.createContact({ name, phone, type: 'Person' });
  },
  editUser: (t, who, profile) => {
    const user = t.crm.store.users.find((u) => u.id === SAMPLE_CRM_UNDER_TEST.users[who].id) as {
      name: string;
      timezone: string;
    };
    const original = { name: user.name, timezone: user.timezone };
    Object.assign(user, profile);
    return () => Object.assign(user, original);
  },
};

/**
 * examples/field-crm (seed.ts): unix seconds, no custom fields, activities keyed by the bridge's
 * opaque idempotency key, so a call or conversation-day is found through the bridge's own record
 * of the CRM id, then every activity sharing that activity's key.
 */
export const FIELD_CRM_UNDER_TEST: CrmUnderTest = {
  users: {
    alice: { id: 'usr_alice', name: 'Alice Keller', timezone: 'Europe/Berlin' },
    bob: { id: 'usr_bob', name: 'Bob Turner', timezone: 'America/New_York' },
  },
  // Stored as `1-415-555-0100 ext. 7`.
  contact: { id: 'prs_1006', name: 'Sarah Miller', phoneNumber: '+14155550100' },
  unknownNumber: '+12025550147',
  nameSearch: { query: 'ar', names: ['Emma Clarke', 'Luc Martin', 'Sarah Miller'] },
  // 23:30 UTC on 1 May is 2 May in Berlin.
  aliceDayEdge: { at: '2024-05-01T23:30:00Z', day: '2024-05-02' },
  timePrecisionMs: 1000,
  features: { dispositions: false },
  routes: {
    contactSearch: 'GET /v2/people/search',
    userInfo: 'GET /v2/whoami',
    createActivity: 'POST /v2/people/:id/activities',
    updateActivity: 'PUT /v2/activities/:id',
  },
  faults: (t) => t.fieldCrm.faults,
  requests: (t, routeKey) => t.fieldCrm.store.stats()[routeKey] ?? 0,
  activities: (t) => t.fieldCrm.store.activities.map(fieldActivity),
  activitiesOf: async (t, key) => {
    const rows = [
      ...(await t.dataSource.getRepository(CallLogMappingEntity).findBy({ sessionId: key })),
      ...(await t.dataSource.getRepository(MessageLogGroupEntity).findBy({ groupKey: key })),
    ];
    const ids = new Set(rows.map((row) => row.crmLogId));
    const all = t.fieldCrm.store.activities;
    const refs = all
      .filter((a) => ids.has(a.id) && a.external_ref !== null)
      .map((a) => `${a.owner_id} ${a.external_ref}`);
    return all
      .filter((a) => ids.has(a.id) || refs.includes(`${a.owner_id} ${a.external_ref}`))
      .map(fieldActivity);
  },
  storedText: (t) => JSON.stringify(t.fieldCrm.store.activities),
  addContact: (t, name, phone) => {
    const [first_name, ...last] = name.split(' ');
    t.fieldCrm.store.createPerson({
      first_name: first_name!,
      last_name: last.join(' '),
      company: null,
      country: 'US',
      emails: [],
      phones: [{ label: 'work', value: phone }],
    });
  },
  editUser: (t, who, profile) => {
    const user = t.fieldCrm.store.getUser(FIELD_CRM_UNDER_TEST.users[who].id)!;
    const original = { name: user.name, timeZone: user.timeZone };
    Object.assign(user, { name: profile.name, timeZone: profile.timezone });
    return () => Object.assign(user, original);
  },
};

function fieldActivity(a: TestApp['fieldCrm']['store']['activities'][number]): StoredActivity {
  return {
    id: a.id,
    type: a.kind,
    subject: a.title,
    body: a.notes,
    occurredAt: new Date(a.occurred_at * 1000).toISOString(),
  };
}

/** `2024-05-01 08:04:05 AM`: an instant on a wall clock in `timeZone`, as the log bodies show it. */
export function wallClock(instant: string, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hour12: true,
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second} ${parts.dayPeriod}`;
}
