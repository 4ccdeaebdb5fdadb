import type { ComposeOptions, LogFormat } from '../log-body/index.js';
import type { MessageLogKind } from '../../crm/crm-activity.types.js';

export type { ComposeOptions, LogFormat, MessageLogKind };

/** A file attached to a message (MMS media, fax document, voicemail recording). */
export interface DigestAttachment {
  /** What it is, e.g. `Attachment (image/png)`, `Fax document`, `Voicemail recording`. */
  label: string;
  /** Shown as a link only when it is an http(s) URL; must not carry credentials. */
  link?: string;
}

/** One message as the digest shows it; `sender` is already resolved to a display name. */
export interface DigestMessage {
  direction: 'Inbound' | 'Outbound';
  sender: string;
  text?: string;
  creationTime: Date;
  attachments: readonly DigestAttachment[];
}

/** Everything a conversation-day's digest shows. */
export interface DigestConversation {
  kind: MessageLogKind;
  /** The CRM contact the activity belongs to (subject). */
  contactName: string;
  /** Everyone in the conversation, in display order. */
  participants: readonly string[];
  /** Shared SMS: the shared inbox or call queue, and who it is assigned to. */
  owner?: string;
  assignee?: string;
  /** Oldest first. */
  messages: readonly DigestMessage[];
}

export interface MessageDigest {
  subject: string;
  body: string;
}
