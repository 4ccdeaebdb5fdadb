/**
 * What a declarative provider's templates may refer to, per operation (docs/providers.md): a leaf is
 * `true`, `'any'` an open object (form values by field const), a record an object of these fields.
 */
export type ContextFields = { readonly [field: string]: true | 'any' | ContextFields };

const USER: ContextFields = {
  id: true,
  crmUserId: true,
  name: true,
  hostname: true,
  timezone: true,
};

const PHONE_QUERY: ContextFields = {
  e164: true,
  national: true,
  international: true,
  digits: true,
  nationalDigits: true,
  nationalNumber: true,
  countryCallingCode: true,
  country: true,
  raw: true,
};

const CALL: ContextFields = {
  contactId: true,
  contactType: true,
  contactName: true,
  subject: true,
  body: true,
  sessionId: true,
  direction: true,
  startTime: true,
  startTimeMs: true,
  startTimeSeconds: true,
  startDate: true,
  durationSeconds: true,
  result: true,
  additionalSubmission: 'any',
  dispositions: 'any',
  idempotencyKey: true,
};

const MESSAGE: ContextFields = {
  contactId: true,
  contactType: true,
  contactName: true,
  kind: true,
  subject: true,
  body: true,
  conversationId: true,
  conversationLogId: true,
  occurredAt: true,
  occurredAtMs: true,
  occurredAtSeconds: true,
  occurredDate: true,
  additionalSubmission: 'any',
  idempotencyKey: true,
};

const UPDATE: ContextFields = { subject: true, body: true };

/** A start time in every form: ISO with offset, unix milliseconds and seconds. */
const APPOINTMENT_TIMES: ContextFields = {
  startTimeUtc: true,
  startTimeMs: true,
  startTimeSeconds: true,
  endTimeUtc: true,
};

const NEW_APPOINTMENT: ContextFields = {
  title: true,
  summary: true,
  ...APPOINTMENT_TIMES,
  durationMinutes: true,
  contacts: 'any',
  contactIds: true,
  contactId: true,
};

/** Only what changes is present; `status` alone for the client's status route. */
const APPOINTMENT_CHANGES: ContextFields = { ...NEW_APPOINTMENT, status: true };
/** The record an update with `fullRecord` read first (any of its fields). */
const CURRENT = { current: 'any' } as const;

const COMMON: ContextFields = { hostname: true, env: 'any' };
/** Available once a user is signed in (every operation but getUserInfo, which runs at login). */
const SIGNED_IN: ContextFields = { ...COMMON, user: USER };

export const OPERATION_NAMES = [
  'getUserInfo',
  'findContactsByPhone',
  'findContactsByName',
  'createContact',
  'createCallLog',
  'getCallLog',
  'updateCallLog',
  'upsertCallDisposition',
  'createMessageLog',
  'getMessageLog',
  'updateMessageLog',
  'logout',
  'listAppointments',
  'createAppointment',
  'updateAppointment',
  'refreshAppointment',
  'confirmAppointment',
  'cancelAppointment',
  'getUserList',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];

export const OPERATION_CONTEXT: Record<OperationName, ContextFields> = {
  getUserInfo: COMMON,
  findContactsByPhone: { ...SIGNED_IN, phone: true, variant: true, query: PHONE_QUERY },
  findContactsByName: { ...SIGNED_IN, name: true },
  createContact: {
    ...SIGNED_IN,
    contact: {
      name: true,
      phoneNumber: true,
      type: true,
      country: true,
      additionalSubmission: 'any',
    },
  },
  createCallLog: { ...SIGNED_IN, call: CALL, idempotencyKey: true },
  getCallLog: { ...SIGNED_IN, logId: true },
  updateCallLog: { ...SIGNED_IN, ...CURRENT, logId: true, update: UPDATE },
  upsertCallDisposition: { ...SIGNED_IN, ...CURRENT, logId: true, dispositions: 'any' },
  createMessageLog: { ...SIGNED_IN, message: MESSAGE, idempotencyKey: true },
  getMessageLog: { ...SIGNED_IN, logId: true },
  updateMessageLog: { ...SIGNED_IN, ...CURRENT, logId: true, update: UPDATE },
  logout: SIGNED_IN,
  listAppointments: { ...SIGNED_IN, range: { startDate: true, endDate: true } },
  createAppointment: { ...SIGNED_IN, appointment: NEW_APPOINTMENT },
  updateAppointment: { ...SIGNED_IN, appointmentId: true, changes: APPOINTMENT_CHANGES },
  refreshAppointment: { ...SIGNED_IN, appointmentId: true },
  confirmAppointment: { ...SIGNED_IN, appointmentId: true },
  cancelAppointment: { ...SIGNED_IN, appointmentId: true },
  getUserList: SIGNED_IN,
};

/** An account-data key's request: shared by the tenant's users, so nothing but the signed-in basics. */
export const ACCOUNT_DATA_CONTEXT: ContextFields = SIGNED_IN;
export const SETTINGS_CONTEXT: ContextFields = COMMON;
export const STATIC_CONTEXT: ContextFields = { env: 'any' };

/** Why `path` is not in `fields` (undefined when it is); below an open object anything goes. */
export function unknownPathReason(
  fields: ContextFields,
  path: readonly string[],
): string | undefined {
  let level: ContextFields = fields;
  for (let i = 0; i < path.length; i += 1) {
    const entry = Object.hasOwn(level, path[i]) ? level[path[i]] : undefined;
    const here = path.slice(0, i + 1).join('.');
    if (entry === undefined) {
      const prefix = i === 0 ? '' : `${path.slice(0, i).join('.')}.`;
      const known = Object.keys(level).map((key) => prefix + key);
      return `there is no ${here} (known: ${known.join(', ')})`;
    }
    if (entry === 'any') return undefined;
    if (entry === true) {
      return i === path.length - 1
        ? undefined
        : `${here} is a value and has no field ${path[i + 1]}`;
    }
    level = entry;
  }
  return undefined;
}
