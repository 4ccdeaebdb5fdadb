/** Body formats a CRM activity can hold; the core composes bodies in the declared one. */
export type LogFormat = 'text/plain' | 'text/html' | 'text/markdown';

export interface CallLogWrite {
  contactId: string;
  contactType?: string;
  contactName?: string;
  subject: string;
  body: string;
  sessionId: string;
  direction?: 'Inbound' | 'Outbound';
  startTime: Date;
  durationSeconds?: number;
  result?: string;
  additionalSubmission: Record<string, unknown>;
  /** The values of the declared `logFormFields.callLog` among additionalSubmission. */
  dispositions: Record<string, DispositionValue>;
  /** Stable for this call and user: safe to send as an idempotency key. */
  idempotencyKey: string;
}

export type DispositionValue = string | number | boolean;

export interface CrmCallLog {
  id: string;
  subject: string;
  body: string;
  contactId?: string;
  startTime?: Date;
  dispositions?: Record<string, DispositionValue>;
}

export interface CallLogUpdate {
  subject?: string;
  body?: string;
}

export type MessageLogKind = 'sms' | 'fax' | 'voicemail';

/** One conversation-day of messages, as a new CRM activity. */
export interface MessageLogWrite {
  contactId: string;
  contactType?: string;
  contactName?: string;
  kind: MessageLogKind;
  subject: string;
  body: string;
  conversationId: string;
  /** The conversation-day the activity holds: opaque, suffixed per contact for group SMS. */
  conversationLogId: string;
  occurredAt: Date;
  additionalSubmission: Record<string, unknown>;
  /** Stable for this conversation-day and user: safe to send as an idempotency key. */
  idempotencyKey: string;
}

export interface CrmMessageLog {
  id: string;
  subject: string;
  body: string;
  contactId?: string;
  occurredAt?: Date;
}

/** The whole new body (the core appends to the body it read); subject only when it changes. */
export interface MessageLogUpdate {
  subject?: string;
  body: string;
}

export interface LogFormField {
  const: string;
  title: string;
  type: 'selection' | 'inputField' | 'checkbox' | 'date' | 'string' | 'warning';
  required?: boolean;
  description?: string;
  contactDependent?: boolean;
  contactTypeDependent?: boolean;
  includeNoneOption?: boolean;
  allowCustomValue?: boolean;
  options?: { const: string; title: string }[];
  /** The client's 2.0 generation fills the options from GET /accountData with this key. */
  accountDataKey?: string;
  /** The property of that key's value holding the options, when the value is an object. */
  accountDataProperty?: string;
  defaultSettingId?: string;
  defaultSettingValues?: Record<string, unknown>;
}
