import { timingSafeEqual } from 'node:crypto';
import { OAuthStorage } from './oauth-storage.js';
import { seedAppointments, seedContacts, seedUsers } from './seed.js';

export interface CrmUser {
  id: string;
  name: string;
  email: string;
  /** For the OAuth login page. Never sent by the API. */
  password: string;
  apiKey: string;
  /** IANA time zone. */
  timezone: string;
}

export const CONTACT_TYPES = ['Person', 'Company'] as const;
export type ContactType = (typeof CONTACT_TYPES)[number];

export interface Contact {
  id: number;
  name: string;
  /** Exactly as entered: the CRM never normalises phone numbers. */
  phone: string;
  type: ContactType;
  company?: string;
  title?: string;
  email?: string;
  createdAt: string;
}

export const ACTIVITY_TYPES = ['call', 'sms', 'fax', 'voicemail'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

/** Custom field values on an activity (e.g. a call's outcome), keyed by field name. */
export type ActivityFields = Record<string, string | number | boolean>;

export interface Activity {
  id: number;
  type: ActivityType;
  contactId: number;
  ownerId: string;
  subject: string;
  body: string;
  occurredAt: string;
  externalId?: string;
  /** Present once a field has been set. */
  fields?: ActivityFields;
  createdAt: string;
  updatedAt: string;
}

export type NewContact = Pick<Contact, 'name' | 'phone' | 'type'>;
export type NewActivity = Pick<Activity, 'type' | 'contactId' | 'subject' | 'body'> &
  Partial<Pick<Activity, 'occurredAt' | 'externalId' | 'fields'>>;
/** `fields` are merged into the activity's fields, key by key. */
export type ActivityPatch = Partial<Pick<Activity, 'subject' | 'body' | 'fields'>>;

export const APPOINTMENT_STATUSES = ['scheduled', 'tentative', 'confirmed', 'cancelled'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** An entry in one user's calendar; only its owner can see or change it. */
export interface Appointment {
  id: number;
  ownerId: string;
  title: string;
  description: string;
  /** The start instant in UTC, ISO 8601. */
  startsAt: string;
  /** IANA time zone it was booked in: the owner's unless given. */
  timezone: string;
  durationMinutes: number;
  status: AppointmentStatus;
  contactIds: number[];
  createdAt: string;
  updatedAt: string;
}

export type NewAppointment = Pick<
  Appointment,
  'title' | 'description' | 'startsAt' | 'durationMinutes' | 'contactIds'
> &
  Partial<Pick<Appointment, 'timezone'>>;
export type AppointmentPatch = Partial<
  Pick<
    Appointment,
    'title' | 'description' | 'startsAt' | 'timezone' | 'durationMinutes' | 'status' | 'contactIds'
  >
>;

/** Inclusive calendar dates (`YYYY-MM-DD`) in the owner's time zone. */
export interface AppointmentWindow {
  from: string;
  to: string;
}

export interface ActivityFilter {
  contactId?: number;
  externalId?: string;
}

/** Test-only counters of the OAuth server's token and revocation endpoints (`countGrants`). */
export interface GrantStats {
  /** False unless counting is on (`countGrants: true`); the numbers then stay 0. */
  enabled: boolean;
  /** Successful token-endpoint grants by `grant_type`. */
  grants: { authorization_code: number; refresh_token: number } & Record<string, number>;
  /** The same grants by client id, then `grant_type`. */
  grantsByClient: Record<string, Record<string, number>>;
  /** Failed token-endpoint requests by OAuth error code (`invalid_grant`, `invalid_client`…). */
  errors: Record<string, number>;
  /** Failed token-endpoint requests by `grant_type`, then error code. */
  errorsByGrantType: Record<string, Record<string, number>>;
  /** Successful revocation-endpoint requests (RFC 7009: an unknown token succeeds too). */
  revocations: number;
  /** The tokens those requests actually revoked, by kind. */
  revoked: { refresh_token: number; access_token: number };
}

function emptyGrantStats(enabled: boolean): GrantStats {
  return {
    enabled,
    grants: { authorization_code: 0, refresh_token: 0 },
    grantsByClient: {},
    errors: {},
    errorsByGrantType: {},
    revocations: 0,
    revoked: { refresh_token: 0, access_token: 0 },
  };
}

function seededState() {
  return {
    users: seedUsers(),
    contacts: seedContacts(),
    activities: [] as Activity[],
    appointments: seedAppointments(),
    /** `<user id> <Idempotency-Key>` → activity id. */
    idempotencyKeys: new Map<string, number>(),
    nextContactId: 106,
    nextActivityId: 5001,
    nextAppointmentId: 9003,
  };
}

/**
 * The sample CRM's in-memory data. Tests read it directly; the HTTP layer validates input before
 * calling the mutating methods. `now` is the clock for every timestamp the store writes.
 */
export class SampleCrmStore {
  private state = seededState();
  private requestCounts = new Map<string, number>();
  private grantCounts = emptyGrantStats(false);
  /** The OAuth server's grants, tokens and sessions. They survive `reset()`. */
  readonly oauth = new OAuthStorage();

  constructor(private readonly now: () => Date = () => new Date()) {}

  get users(): readonly Readonly<CrmUser>[] {
    return this.state.users;
  }

  get contacts(): readonly Readonly<Contact>[] {
    return this.state.contacts;
  }

  get activities(): readonly Readonly<Activity>[] {
    return this.state.activities;
  }

  get appointments(): readonly Readonly<Appointment>[] {
    return this.state.appointments;
  }

  /** Back to the seed data: seeded users, contacts and appointments, no activities, no idempotency keys. */
  reset(): void {
    this.state = seededState();
  }

  findUserByApiKey(apiKey: string): CrmUser | undefined {
    return this.state.users.find((user) => user.apiKey === apiKey);
  }

  getUser(id: string): CrmUser | undefined {
    return this.state.users.find((user) => user.id === id);
  }

  /** The user with this email (case-insensitive) and password, as the login page checks it. */
  findUserByLogin(email: string, password: string): CrmUser | undefined {
    const wanted = email.trim().toLowerCase();
    const user = this.state.users.find((candidate) => candidate.email.toLowerCase() === wanted);
    return user && sameText(user.password, password) ? user : undefined;
  }

  /**
   * Revokes every OAuth grant the user gave (and its access and refresh tokens), as when the CRM
   * revokes an app's access: the next refresh answers `invalid_grant`, the access tokens stop
   * working at once. Returns the number of grants revoked.
   */
  revokeAllTokensFor(userId: string): number {
    return this.oauth.revokeAccount(userId);
  }

  /** Phone is an exact text match on the stored value; name is a case-insensitive substring. */
  findContacts(query: { phone?: string; name?: string }): Contact[] {
    const name = query.name?.toLowerCase();
    return this.state.contacts.filter(
      (contact) =>
        (query.phone === undefined || contact.phone === query.phone) &&
        (name === undefined || contact.name.toLowerCase().includes(name)),
    );
  }

  getContact(id: number): Contact | undefined {
    return this.state.contacts.find((contact) => contact.id === id);
  }

  createContact(input: NewContact): Contact {
    const contact: Contact = {
      id: this.state.nextContactId++,
      ...input,
      createdAt: this.now().toISOString(),
    };
    this.state.contacts.push(contact);
    return contact;
  }

  getActivity(id: number): Activity | undefined {
    return this.state.activities.find((activity) => activity.id === id);
  }

  /** The activity an earlier create with this Idempotency-Key (from this user) produced. */
  activityForIdempotencyKey(ownerId: string, key: string): Activity | undefined {
    const id = this.state.idempotencyKeys.get(`${ownerId} ${key}`);
    return id === undefined ? undefined : this.getActivity(id);
  }

  createActivity(ownerId: string, input: NewActivity, idempotencyKey?: string): Activity {
    const now = this.now().toISOString();
    const activity: Activity = {
      id: this.state.nextActivityId++,
      type: input.type,
      contactId: input.contactId,
      ownerId,
      subject: input.subject,
      body: input.body,
      occurredAt: input.occurredAt ?? now,
      ...(input.externalId === undefined ? {} : { externalId: input.externalId }),
      ...(input.fields === undefined || Object.keys(input.fields).length === 0
        ? {}
        : { fields: { ...input.fields } }),
      createdAt: now,
      updatedAt: now,
    };
    this.state.activities.push(activity);
    if (idempotencyKey !== undefined) {
      this.state.idempotencyKeys.set(`${ownerId} ${idempotencyKey}`, activity.id);
    }
    return activity;
  }

  updateActivity(id: number, patch: ActivityPatch): Activity | undefined {
    const activity = this.getActivity(id);
    if (!activity) return undefined;
    const { fields, ...rest } = patch;
    Object.assign(activity, rest, { updatedAt: this.now().toISOString() });
    if (fields !== undefined && Object.keys(fields).length > 0) {
      activity.fields = { ...activity.fields, ...fields };
    }
    return activity;
  }

  /** Oldest first. */
  listActivities(filter: ActivityFilter = {}): Activity[] {
    return this.state.activities.filter(
      (activity) =>
        (filter.contactId === undefined || activity.contactId === filter.contactId) &&
        (filter.externalId === undefined || activity.externalId === filter.externalId),
    );
  }

  /**
   * The owner's appointments, by start time; with a window, those starting on one of its dates in
   * the owner's time zone.
   */
  listAppointments(ownerId: string, window?: AppointmentWindow): Appointment[] {
    const timezone = this.getUser(ownerId)?.timezone ?? 'UTC';
    return this.state.appointments
      .filter((appointment) => {
        if (appointment.ownerId !== ownerId) return false;
        if (!window) return true;
        const day = localDate(appointment.startsAt, timezone);
        return day >= window.from && day <= window.to;
      })
      .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id - b.id);
  }

  /** Undefined for an unknown id and for another user's appointment alike. */
  getAppointment(ownerId: string, id: number): Appointment | undefined {
    return this.state.appointments.find(
      (appointment) => appointment.id === id && appointment.ownerId === ownerId,
    );
  }

  createAppointment(ownerId: string, input: NewAppointment): Appointment {
    const now = this.now().toISOString();
    const appointment: Appointment = {
      id: this.state.nextAppointmentId++,
      ownerId,
      title: input.title,
      description: input.description,
      startsAt: input.startsAt,
      timezone: input.timezone ?? this.getUser(ownerId)?.timezone ?? 'UTC',
      durationMinutes: input.durationMinutes,
      status: 'scheduled',
      contactIds: [...input.contactIds],
      createdAt: now,
      updatedAt: now,
    };
    this.state.appointments.push(appointment);
    return appointment;
  }

  updateAppointment(ownerId: string, id: number, patch: AppointmentPatch): Appointment | undefined {
    const appointment = this.getAppointment(ownerId, id);
    if (!appointment) return undefined;
    Object.assign(appointment, patch, { updatedAt: this.now().toISOString() });
    return appointment;
  }

  countRequest(routeKey: string): void {
    this.requestCounts.set(routeKey, (this.requestCounts.get(routeKey) ?? 0) + 1);
  }

  /** Requests received per route key (`'GET /api/activities/:id'`), faulted ones included. */
  stats(): Record<string, number> {
    return Object.fromEntries(this.requestCounts);
  }

  resetStats(): void {
    this.requestCounts.clear();
  }

  /** Turns the grant counters on (the OAuth server's `countGrants` option does). */
  enableGrantCounting(): void {
    this.grantCounts.enabled = true;
  }

  /** A successful token-endpoint grant. Counted only while counting is on. */
  countGrant(grantType: string, clientId = 'unknown'): void {
    if (!this.grantCounts.enabled) return;
    const { grants, grantsByClient } = this.grantCounts;
    grants[grantType] = (grants[grantType] ?? 0) + 1;
    const byClient = (grantsByClient[clientId] ??= {});
    byClient[grantType] = (byClient[grantType] ?? 0) + 1;
  }

  /** A failed token-endpoint request. */
  countGrantError(grantType: string, error: string): void {
    if (!this.grantCounts.enabled) return;
    const { errors, errorsByGrantType } = this.grantCounts;
    errors[error] = (errors[error] ?? 0) + 1;
    const byType = (errorsByGrantType[grantType] ??= {});
    byType[error] = (byType[error] ?? 0) + 1;
  }

  /** A successful revocation request; `revoked` is the kind of token it found, if any. */
  countRevocation(revoked?: 'refresh_token' | 'access_token'): void {
    if (!this.grantCounts.enabled) return;
    this.grantCounts.revocations++;
    if (revoked) this.grantCounts.revoked[revoked]++;
  }

  /** A copy of the grant counters. */
  grantStats(): GrantStats {
    return structuredClone(this.grantCounts);
  }

  resetGrantStats(): void {
    this.grantCounts = emptyGrantStats(this.grantCounts.enabled);
  }
}

/** The calendar date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDate(instant: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(instant));
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
