import { randomBytes, randomInt } from 'node:crypto';
import { revokeToken } from '../../src/auth/oauth/oauth-token-client.js';
import { standaloneCrmCallPolicy } from '../../src/crm/crm-call-policy.js';
import { isCrmError } from '../../src/crm/crm-error.js';
import type { CrmContact } from '../../src/crm/crm-contact.types.js';
import { secondIn } from '../../src/crm/crm-time.js';
import { parsePhoneQuery, phoneMatches, type PhoneVariantKind } from '../../src/crm/phone/index.js';
import type { KitConnection } from './kit-connection.js';
import { KIT_COUNTRIES, lookAlikes, writtenAs } from './kit-numbers.js';

/** A number already in the sandbox, and the names of every contact that has it. */
export interface KnownNumber {
  e164: string;
  names: readonly string[];
}

export interface ProviderKitOptions {
  /**
   * Formats the "stored in other formats" check writes numbers in, in every country of the kit,
   * as people type them into a CRM (through createContact). [] skips the check.
   */
  storedFormats?: readonly PhoneVariantKind[];
  /** Numbers already in the sandbox: each must find exactly its contacts, showing that number. */
  knownNumbers?: readonly KnownNumber[];
  /** Skip the logout check, which revokes the credentials it was given. */
  skipLogout?: boolean;
}

export const DEFAULT_STORED_FORMATS: readonly PhoneVariantKind[] = [
  'national',
  'international',
  'dashed',
  'nationalDigits',
];

/** One promise of the provider seam, checked against a CRM; `skip` says why it cannot run. */
export interface KitCheck {
  title: string;
  skip?: string;
  run(): Promise<void>;
}

/** A check that failed: the message says what the binding got wrong. */
export class KitFailure extends Error {}

const tag = () => randomBytes(4).toString('hex');

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new KitFailure(message);
}

/** A refused CRM call, with the CRM's own error text, instead of a bare code. */
async function refusedSaying<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!isCrmError(error)) throw error;
    const said = error.crmMessage ? ` The CRM said: "${error.crmMessage}".` : '';
    throw new KitFailure(`${what} was refused (${error.code}): ${error.message}.${said}`);
  }
}

/**
 * The provider seam's promises (docs/providers.md, "Testing with the kit") against one provider
 * connected to its CRM. They write contacts and activities: point them at a sandbox.
 */
export function kitChecks(connection: KitConnection, options: ProviderKitOptions = {}): KitCheck[] {
  const { provider, ctx } = connection;
  const zone = ctx.user?.timezone ?? undefined;
  const formats = options.storedFormats ?? DEFAULT_STORED_FORMATS;
  const create = provider.createContact?.bind(provider);
  const noCreate = 'the provider cannot create contacts';
  const newContact = (phoneNumber: string, name = `Kit Contact ${tag()}`) =>
    refusedSaying(`createContact(${phoneNumber})`, () =>
      create!(ctx, {
        phoneNumber,
        name,
        type: provider.contactTypes?.[0]?.value,
        additionalSubmission: {},
      }),
    );
  const findRaw = (e164: string): Promise<CrmContact[]> =>
    refusedSaying(`findContactsByPhone(${e164})`, () =>
      provider.findContactsByPhone(ctx, parsePhoneQuery(e164)),
    );
  const showsNumber = (found: CrmContact[], e164: string) => {
    const query = parsePhoneQuery(e164);
    for (const contact of found) {
      check(
        contact.phone === undefined || phoneMatches(contact.phone, query),
        `${contact.name} (${contact.id}), found for ${e164}, shows the phone ${JSON.stringify(contact.phone)}, which is not that number: map the phone that matched the search (an array pick with matchesPhone)`,
      );
    }
  };
  const search = async (e164: string): Promise<CrmContact[]> => {
    const found = await findRaw(e164);
    showsNumber(found, e164);
    return found;
  };
  // A number the kit writes must be new to the CRM and to this run: fictional ranges are small, and
  // a sandbox's own numbers (knownNumbers among them) must keep the contacts they have.
  const taken = new Set((options.knownNumbers ?? []).map((known) => known.e164));
  const unused = async (e164: string): Promise<boolean> => {
    if (taken.has(e164)) return false;
    taken.add(e164);
    return (await findRaw(e164)).length === 0;
  };
  const fresh = async <T>(draw: () => T, numbers: (drawn: T) => string[]): Promise<T> => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const drawn = draw();
      const checks = await Promise.all(numbers(drawn).map(unused));
      if (checks.every(Boolean)) return drawn;
    }
    throw new KitFailure('found no unused number in the fictional ranges after 50 tries');
  };
  const freshNumber = (draw: () => string) => fresh(draw, (e164) => [e164]);
  let logContact: Promise<CrmContact> | undefined;
  const target = () =>
    (logContact ??= freshNumber(KIT_COUNTRIES[0].number).then((e164) => newContact(e164)));

  const checks: KitCheck[] = [
    {
      title: 'tells who the signed-in user is',
      async run() {
        const me = await refusedSaying('getUserInfo', () => provider.getUserInfo(ctx));
        check(typeof me.id === 'string' && me.id !== '', 'getUserInfo answered no user id');
        check(me.name.trim() !== '', 'getUserInfo answered no user name');
        if (connection.expectedUserName) {
          check(
            me.name === connection.expectedUserName,
            `getUserInfo named ${me.name}, not ${connection.expectedUserName}`,
          );
        }
        if (me.timezone !== undefined) {
          check(
            validZone(me.timezone),
            `getUserInfo's time zone ${me.timezone} is not an IANA zone`,
          );
        }
      },
    },
    {
      title: 'finds numbers of several countries, stored in other formats, from their E.164 form',
      skip: !create ? noCreate : formats.length === 0 ? 'no storedFormats' : undefined,
      async run() {
        for (const { country, number } of KIT_COUNTRIES) {
          for (const format of formats) {
            const e164 = await freshNumber(number);
            const stored = writtenAs(e164, format);
            const created = await newContact(stored, `Kit ${country} ${format} ${tag()}`);
            const found = await search(e164);
            check(
              found.some((contact) => contact.id === created.id),
              `a contact stored with ${JSON.stringify(stored)} (${country}, ${format}) was not found from ${e164}${format === 'national' || format === 'nationalDigits' ? ': with a trunk prefix, search a variant every format contains (nationalNumber for a digits-substring search)' : ''}`,
            );
          }
        }
      },
    },
    {
      title: 'finds every contact on one number, across pages of results',
      skip: create ? undefined : noCreate,
      async run() {
        const e164 = await freshNumber(KIT_COUNTRIES[2].number);
        const created: CrmContact[] = [];
        for (const format of ['international', 'national', 'e164'] as const) {
          created.push(await newContact(writtenAs(e164, format), `Kit Shared ${tag()}`));
        }
        const found = (await search(e164)).map((contact) => contact.id);
        const missing = created.filter((contact) => !found.includes(contact.id));
        check(
          missing.length === 0,
          `found ${created.length - missing.length} of the ${created.length} contacts stored with ${e164}; missing ${missing.map((c) => c.id).join(', ')}: read every page of the search (pagination)`,
        );
      },
    },
    {
      title: 'does not find a different number whose digits contain the searched one',
      skip: create ? undefined : noCreate,
      async run() {
        const pair = await fresh(lookAlikes, (drawn) => [
          drawn.searched,
          `+${drawn.other.replace(/\D/g, '')}`,
        ]);
        const { searched, other } = pair;
        const wanted = await newContact(searched);
        const stranger = await newContact(other);
        const contacts = await findRaw(searched);
        const found = contacts.map((contact) => contact.id);
        check(found.includes(wanted.id), `a contact stored with ${searched} was not found from it`);
        check(
          !found.includes(stranger.id),
          `${stranger.id}, stored with ${JSON.stringify(other)}, was found for ${searched}: keep only the candidates whose phone is that number (a phone filter)`,
        );
        showsNumber(contacts, searched);
      },
    },
    {
      title: 'finds the sandbox numbers it was told about, showing the number that matched',
      skip: options.knownNumbers?.length ? undefined : 'no knownNumbers',
      async run() {
        for (const known of options.knownNumbers ?? []) {
          const names = (await search(known.e164)).map((contact) => contact.name).sort();
          const wanted = [...known.names].sort();
          check(
            JSON.stringify(names) === JSON.stringify(wanted),
            `${known.e164} found ${JSON.stringify(names)}, not ${JSON.stringify(wanted)}`,
          );
        }
      },
    },
    {
      title: 'creates a contact, then finds it by phone and by name',
      skip: create ? undefined : noCreate,
      async run() {
        const e164 = await freshNumber(KIT_COUNTRIES[1].number);
        const created = await newContact(e164);
        check(
          (await search(e164)).some((c) => c.id === created.id),
          `the contact created with ${e164} was not found by it`,
        );
        if (provider.findContactsByName) {
          const byName = await refusedSaying('findContactsByName', () =>
            provider.findContactsByName!(ctx, created.name),
          );
          check(
            byName.some((c) => c.id === created.id),
            `the contact created as ${created.name} was not found by that name`,
          );
        }
      },
    },
    {
      title: 'stores a call log as written: contact, time to the second, subject and body',
      skip: create ? undefined : 'the kit needs createContact for a contact to log against',
      async run() {
        const contact = await target();
        const startTime = wholeSecond();
        const subject = `Kit call ${tag()}`;
        const { logId } = await refusedSaying('createCallLog', () =>
          provider.createCallLog(ctx, {
            contactId: contact.id,
            contactType: contact.type,
            contactName: contact.name,
            subject,
            body: 'Provider kit call note\n',
            sessionId: String(randomInt(1e9, 1e10)),
            direction: 'Outbound',
            startTime,
            durationSeconds: 42,
            additionalSubmission: {},
            dispositions: {},
            idempotencyKey: `kit-${tag()}`,
          }),
        );
        const readBack = async (when: string, wantSubject: string, wantBody: string) => {
          const read = await refusedSaying('getCallLog', () => provider.getCallLog(ctx, logId));
          stored('call log', when, { contact, startTime, zone }, { ...read, time: read.startTime });
          check(
            read.subject === wantSubject,
            `the call log's subject ${when} reads ${JSON.stringify(read.subject)}, not ${JSON.stringify(wantSubject)}`,
          );
          check(
            read.body.trim() === wantBody,
            `the call log's body ${when} reads ${JSON.stringify(read.body)}, not ${JSON.stringify(wantBody)}`,
          );
          return read;
        };
        await readBack('as created', subject, 'Provider kit call note');
        await refusedSaying('updateCallLog', () =>
          provider.updateCallLog(ctx, logId, {
            subject: `${subject} (updated)`,
            body: 'Provider kit call note, updated\n',
          }),
        );
        await readBack(
          'after an update',
          `${subject} (updated)`,
          'Provider kit call note, updated',
        );
        await refusedSaying('updateCallLog', () =>
          provider.updateCallLog(ctx, logId, { body: 'Body only\n' }),
        );
        await readBack('after a body-only update', `${subject} (updated)`, 'Body only');

        const field = provider.logFormFields?.callLog?.find((f) => f.options?.length);
        if (provider.upsertCallDisposition && field) {
          const value = field.options![0].const;
          await refusedSaying('upsertCallDisposition', () =>
            provider.upsertCallDisposition!(ctx, logId, { [field.const]: value }),
          );
          const read = await provider.getCallLog(ctx, logId);
          check(
            read.dispositions?.[field.const] === value,
            `the disposition ${field.const} reads ${JSON.stringify(read.dispositions?.[field.const])}, not ${value}`,
          );
        }
      },
    },
    {
      title: 'stores a message log as written and appends to it',
      skip: create ? undefined : 'the kit needs createContact for a contact to log against',
      async run() {
        const contact = await target();
        const occurredAt = wholeSecond();
        const conversationId = String(randomInt(1e9, 1e10));
        const subject = `Kit SMS ${tag()}`;
        const { logId } = await refusedSaying('createMessageLog', () =>
          provider.createMessageLog(ctx, {
            contactId: contact.id,
            contactType: contact.type,
            contactName: contact.name,
            kind: 'sms',
            subject,
            body: '- Kit message one\n',
            conversationId,
            conversationLogId: `${conversationId}-2024-05-01`,
            occurredAt,
            additionalSubmission: {},
            idempotencyKey: `kit-${tag()}`,
          }),
        );
        const read = await refusedSaying('getMessageLog', () => provider.getMessageLog(ctx, logId));
        stored(
          'message log',
          'as created',
          { contact, startTime: occurredAt, zone },
          { ...read, time: read.occurredAt },
        );
        check(
          read.subject === subject,
          `the message log's subject reads ${JSON.stringify(read.subject)}, not ${JSON.stringify(subject)}`,
        );
        check(
          read.body.trim() === '- Kit message one',
          `the message log's body reads ${JSON.stringify(read.body)}`,
        );
        const appended = `${read.body}- Kit message two\n`;
        await refusedSaying('updateMessageLog', () =>
          provider.updateMessageLog(ctx, logId, { body: appended }),
        );
        const after = await refusedSaying('getMessageLog', () =>
          provider.getMessageLog(ctx, logId),
        );
        stored(
          'message log',
          'after appending',
          { contact, startTime: occurredAt, zone },
          { ...after, time: after.occurredAt },
        );
        check(
          after.body.trim() === appended.trim(),
          `the appended message log's body reads ${JSON.stringify(after.body)}`,
        );
      },
    },
    appointmentCheck(connection),
    userListCheck(connection),
  ];

  const oauth = provider.auth.type === 'oauth' ? provider.auth.oauth : undefined;
  checks.push({
    title: 'logout invalidates the credentials',
    skip: options.skipLogout
      ? 'skipLogout'
      : oauth
        ? oauth.revocationUrl
          ? undefined
          : 'no revocationUrl: the CRM cannot revoke tokens'
        : provider.logout
          ? undefined
          : 'no logout operation: the CRM cannot revoke API keys',
    async run() {
      // What crm-bridge's logout does at the CRM: RFC 7009 for OAuth, the provider's logout else.
      if (oauth) {
        const { accessToken, refreshToken } = connection.credentials;
        const via = {
          policy: standaloneCrmCallPolicy(),
          deadline: Date.now() + 25000,
          crm: provider.displayName,
        };
        if (refreshToken)
          check(
            await revokeToken(oauth, refreshToken, 'refresh_token', via),
            'revoking the refresh token failed',
          );
        check(
          await revokeToken(oauth, accessToken!, 'access_token', via),
          'revoking the access token failed',
        );
      } else {
        await refusedSaying('logout', () => provider.logout!(ctx));
      }
      const after = await provider.getUserInfo(ctx).catch((error: unknown) => error);
      const code = isCrmError(after) ? after.code : 'an answer';
      check(
        code === 'AUTH_EXPIRED' || code === 'SESSION_REVOKED',
        `after logout, getUserInfo got ${code}, not AUTH_EXPIRED`,
      );
    },
  });
  return checks;
}

/** getUserList, when the provider declares it: the tenant's users, the signed-in one among them. */
function userListCheck({ provider, ctx }: KitConnection): KitCheck {
  return {
    title: "lists the tenant's users, the signed-in user among them, each with an id and a name",
    skip: provider.getUserList ? undefined : 'the provider has no getUserList',
    async run() {
      const users = await refusedSaying('getUserList', () => provider.getUserList!(ctx));
      const me = await refusedSaying('getUserInfo', () => provider.getUserInfo(ctx));
      const ids = new Set<string>();
      for (const user of users) {
        check(
          typeof user.id === 'string' && user.id !== '',
          'getUserList answered a user without an id',
        );
        check(!ids.has(user.id), `getUserList answered user ${user.id} twice`);
        ids.add(user.id);
        check(user.name.trim() !== '', `getUserList answered user ${user.id} without a name`);
        check(
          user.email === undefined || user.email === '' || user.email.includes('@'),
          `getUserList answered ${JSON.stringify(user.email)} as the email of user ${user.id}`,
        );
      }
      check(
        ids.has(me.id),
        `getUserList does not list the signed-in user ${me.id} (listed: ${[...ids].slice(0, 5).join(', ')})`,
      );
    },
  };
}

/** Now, to the second (CRMs that store seconds cannot hold milliseconds), an hour ago. */
const APPOINTMENT_OPERATIONS = [
  'listAppointments',
  'createAppointment',
  'updateAppointment',
  'refreshAppointment',
  'confirmAppointment',
  'cancelAppointment',
] as const;

/** The appointment operations, when the provider declares them: each answers what it stored. */
function appointmentCheck({ provider, ctx }: KitConnection): KitCheck {
  const missing = APPOINTMENT_OPERATIONS.filter((name) => !provider[name]);
  const day = (time: number) => new Date(time).toISOString().slice(0, 10);
  return {
    title: 'keeps an appointment as written: create, list, change, refresh, confirm, cancel',
    skip:
      missing.length === APPOINTMENT_OPERATIONS.length
        ? 'the provider has no appointment operations'
        : missing.length > 0
          ? `the provider lacks ${missing.join(', ')}`
          : undefined,
    async run() {
      const title = `Kit appointment ${tag()}`;
      // Next year, on the hour: a date no calendar refuses as past.
      const start = new Date(
        Date.UTC(new Date().getUTCFullYear() + 1, randomInt(12), randomInt(1, 28), 15),
      );
      const created = await refusedSaying('createAppointment', () =>
        provider.createAppointment!(ctx, {
          title,
          summary: 'Provider kit appointment',
          startTimeUtc: start.toISOString(),
          durationMinutes: 30,
          contacts: [],
        }),
      );
      const same = (
        what: string,
        read: { title: string; startTimeUtc: string; durationMinutes: number },
        want: { title: string; start: Date; minutes: number },
      ) => {
        check(
          read.title === want.title,
          `the appointment's title ${what} reads ${JSON.stringify(read.title)}, not ${JSON.stringify(want.title)}`,
        );
        check(
          Date.parse(read.startTimeUtc) === want.start.getTime(),
          `the appointment's start ${what} reads ${read.startTimeUtc}, not ${want.start.toISOString()}`,
        );
        check(
          read.durationMinutes === want.minutes,
          `the appointment's duration ${what} reads ${read.durationMinutes}, not ${want.minutes}`,
        );
      };
      same('as created', created, { title, start, minutes: 30 });
      // A window a day wider on each side: the CRM may read dates in the user's zone.
      const window = {
        startDate: day(start.getTime() - 86_400_000),
        endDate: day(start.getTime() + 86_400_000),
      };
      const listed = await refusedSaying('listAppointments', () =>
        provider.listAppointments!(ctx, window),
      );
      check(
        listed.some((a) => a.id === created.id),
        `appointment ${created.id} is not listed between ${window.startDate} and ${window.endDate}`,
      );

      const moved = new Date(start.getTime() + 3_600_000);
      const changed = { title: `${title} (moved)`, start: moved, minutes: 45 };
      same(
        'after an update',
        await refusedSaying('updateAppointment', () =>
          provider.updateAppointment!(ctx, created.id, {
            title: changed.title,
            startTimeUtc: moved.toISOString(),
            durationMinutes: 45,
          }),
        ),
        changed,
      );
      same(
        'when read again',
        await refusedSaying('refreshAppointment', () =>
          provider.refreshAppointment!(ctx, created.id),
        ),
        changed,
      );

      const confirmed = await refusedSaying('confirmAppointment', () =>
        provider.confirmAppointment!(ctx, created.id),
      );
      const cancelled = await refusedSaying('cancelAppointment', () =>
        provider.cancelAppointment!(ctx, created.id),
      );
      check(
        confirmed.id === created.id && cancelled.id === created.id,
        'confirm or cancel answered another appointment',
      );
      check(
        cancelled.status !== confirmed.status,
        `the appointment's status reads ${JSON.stringify(cancelled.status)} both confirmed and cancelled`,
      );
    },
  };
}

function wholeSecond(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000);
}

/** The activity hangs on the contact it was written for, at the time it was written. */
function stored(
  what: string,
  when: string,
  wrote: { contact: CrmContact; startTime: Date; zone?: string },
  read: { contactId?: string; time?: Date },
): void {
  check(
    read.contactId !== undefined,
    `the ${what} does not read back its contact: map response.contactId`,
  );
  check(
    read.contactId === wrote.contact.id,
    `the ${what} ${when} hangs on contact ${read.contactId}, not ${wrote.contact.id}`,
  );
  check(
    read.time !== undefined,
    `the ${what} does not read back its time: map its time with its format`,
  );
  const wanted = secondIn(wrote.startTime, wrote.zone);
  const got = secondIn(read.time, wrote.zone);
  check(
    got === wanted,
    `the ${what} ${when} reads back ${got}, not ${wanted}: the time was sent or read in the wrong format (unix seconds vs milliseconds, or a zone)`,
  );
}

function validZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
