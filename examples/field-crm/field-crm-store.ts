import { randomBytes } from 'node:crypto';
import { seedActivities, seedPeople, seedUsers } from './seed.js';

export interface FieldUser {
  id: string;
  name: string;
  email: string;
  /** For `POST /v2/login`. Never sent by the API. */
  password: string;
  /** The user's long-lived API key, sent as `X-Field-Token`. */
  apiKey: string;
  /** IANA time zone. */
  timeZone: string;
}

export interface LabeledValue {
  label: string;
  value: string;
}

/** API field names (snake_case) are used in the store too, so records go out as they are. */
export interface Person {
  id: string;
  first_name: string;
  last_name: string;
  company: string | null;
  /** ISO 3166-1 alpha-2 country code, the region the phones were typed in. */
  country: string | null;
  emails: LabeledValue[];
  /** Exactly as typed: the CRM never normalises phone numbers. */
  phones: LabeledValue[];
  /** Unix seconds. */
  created_at: number;
}

export const ACTIVITY_KINDS = ['call', 'sms', 'voicemail', 'fax', 'note'] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];
export const DIRECTIONS = ['inbound', 'outbound'] as const;
export type Direction = (typeof DIRECTIONS)[number];

export interface Activity {
  id: string;
  person_id: string;
  owner_id: string;
  kind: ActivityKind;
  title: string;
  notes: string;
  direction: Direction | null;
  /** Unix seconds, stored as sent: nothing checks that it is plausible. */
  occurred_at: number;
  duration_s: number;
  /** The caller's own reference, unique per owner. */
  external_ref: string | null;
  created_at: number;
  updated_at: number;
}

/** The writable fields: what a create may send and a PUT must send. */
export type ActivityContent = Pick<
  Activity,
  'kind' | 'title' | 'notes' | 'direction' | 'occurred_at' | 'duration_s'
>;
export type NewPerson = Omit<Person, 'id' | 'created_at'>;

export type TokenKind = 'api_key' | 'session';

export interface TokenRecord {
  userId: string;
  kind: TokenKind;
  created_at: number;
  /** Set by `POST /v2/logout`; the token then answers 401 `token_revoked`. */
  revoked_at?: number;
}

export type CreateResult = { created: Activity } | { conflict: Activity } | { missingPerson: true };

function seededState() {
  const users = seedUsers();
  return {
    users,
    tokens: new Map<string, TokenRecord>(
      users.map((user) => [user.apiKey, { userId: user.id, kind: 'api_key', created_at: 0 }]),
    ),
    people: seedPeople(),
    activities: seedActivities(),
    nextPersonId: 1009,
    nextActivityId: 5004,
  };
}

/** Digits only: `'+44 (0)20 7946 0018'` → `'4402079460018'`, `'… x12'` keeps the 12. */
export const digitsOf = (text: string) => text.replace(/\D/g, '');

/** The number in a `prs_1001` / `act_5001` id, which orders records oldest first. */
export const serialOf = (id: string) => Number(id.slice(id.indexOf('_') + 1));

/**
 * The field CRM's in-memory data. Tests may read it directly; the HTTP layer validates input
 * before calling the mutating methods. `now` is the clock for every time the store writes.
 */
export class FieldCrmStore {
  private state = seededState();
  private requestCounts = new Map<string, number>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** The clock in unix seconds. */
  seconds(): number {
    return Math.floor(this.now().getTime() / 1000);
  }

  get users(): readonly Readonly<FieldUser>[] {
    return this.state.users;
  }

  get people(): readonly Readonly<Person>[] {
    return this.state.people;
  }

  get activities(): readonly Readonly<Activity>[] {
    return this.state.activities;
  }

  /** Back to the seed: users with their API keys (revoked ones work again), people, activities. */
  reset(): void {
    this.state = seededState();
  }

  getUser(id: string): FieldUser | undefined {
    return this.state.users.find((user) => user.id === id);
  }

  token(token: string): TokenRecord | undefined {
    return this.state.tokens.get(token);
  }

  /** A new session token for the user with this email (case-insensitive) and password. */
  login(email: string, password: string): { token: string; user: FieldUser } | undefined {
    const wanted = email.trim().toLowerCase();
    const user = this.state.users.find((u) => u.email.toLowerCase() === wanted);
    if (!user || user.password !== password) return undefined;
    const token = `fs_${randomBytes(18).toString('base64url')}`;
    this.state.tokens.set(token, { userId: user.id, kind: 'session', created_at: this.seconds() });
    return { token, user };
  }

  revokeToken(token: string): void {
    const record = this.state.tokens.get(token);
    if (record && record.revoked_at === undefined) record.revoked_at = this.seconds();
  }

  /**
   * People in id order. `phoneDigits`: any phone whose digits contain these digits (a substring,
   * so a shorter number matches inside a longer one). `name`: case-insensitive substring of
   * `first last`.
   */
  searchPeople(query: { phoneDigits?: string; name?: string }): Person[] {
    const { phoneDigits } = query;
    const name = query.name?.toLowerCase();
    return this.state.people.filter(
      (person) =>
        (phoneDigits === undefined ||
          person.phones.some((phone) => digitsOf(phone.value).includes(phoneDigits))) &&
        (name === undefined ||
          `${person.first_name} ${person.last_name}`.toLowerCase().includes(name)),
    );
  }

  getPerson(id: string): Person | undefined {
    return this.state.people.find((person) => person.id === id);
  }

  createPerson(input: NewPerson): Person {
    const person: Person = {
      id: `prs_${this.state.nextPersonId++}`,
      ...structuredClone(input),
      created_at: this.seconds(),
    };
    this.state.people.push(person);
    return person;
  }

  getActivity(id: string): Activity | undefined {
    return this.state.activities.find((activity) => activity.id === id);
  }

  /** The owner's activity with this external reference. */
  activityByExternalRef(ownerId: string, externalRef: string): Activity | undefined {
    return this.state.activities.find(
      (activity) => activity.owner_id === ownerId && activity.external_ref === externalRef,
    );
  }

  /** A new activity, or the conflicting one when the owner already used `external_ref`. */
  createActivity(
    ownerId: string,
    personId: string,
    content: ActivityContent,
    externalRef: string | null,
  ): CreateResult {
    if (!this.getPerson(personId)) return { missingPerson: true };
    const earlier =
      externalRef === null ? undefined : this.activityByExternalRef(ownerId, externalRef);
    if (earlier) return { conflict: earlier };
    const now = this.seconds();
    const activity: Activity = {
      id: `act_${this.state.nextActivityId++}`,
      person_id: personId,
      owner_id: ownerId,
      ...content,
      external_ref: externalRef,
      created_at: now,
      updated_at: now,
    };
    this.state.activities.push(activity);
    return { created: activity };
  }

  /** Replaces every writable field; the person, owner and external reference stay. */
  replaceActivity(id: string, content: ActivityContent): Activity | undefined {
    const activity = this.getActivity(id);
    if (!activity) return undefined;
    Object.assign(activity, content, { updated_at: this.seconds() });
    return activity;
  }

  /** Oldest first. */
  listActivities(filter: { personId?: string; ownerId?: string } = {}): Activity[] {
    return this.state.activities.filter(
      (activity) =>
        (filter.personId === undefined || activity.person_id === filter.personId) &&
        (filter.ownerId === undefined || activity.owner_id === filter.ownerId),
    );
  }

  countRequest(routeKey: string): void {
    this.requestCounts.set(routeKey, (this.requestCounts.get(routeKey) ?? 0) + 1);
  }

  /** Requests received per route key (`'PUT /v2/activities/:id'`), refused ones included. */
  stats(): Record<string, number> {
    return Object.fromEntries(this.requestCounts);
  }

  resetStats(): void {
    this.requestCounts.clear();
  }
}
