import type { ComposeOptions, LogFormat } from '../log-body/index.js';
import type { MessageLogKind } from '../../crm/crm-activity.types.js';

export type { ComposeOptions, LogFormat, MessageLogKind };

/** A file attached to a message (MMS media, fax document, voicemail recording). */
export interface DigestAttachment {
  label: string;
  /** Shown as a link only when it is an http(s) URL; must not carry credentials. */
  link?: string;
}

export interface DigestMessage {
  direction: 'Inbound' | 'Outbound';
  sender: string;
  text?: string;
  creationTime: Date;
  attachments: readonly DigestAttachment[];
}

export interface DigestConversation {
  kind: MessageLogKind;
  contactName: string;
  participants: readonly string[];
  /** Shared SMS: the shared inbox or call queue, and who it is assigned to. */
  owner?: string;
  assignee?: string;
  messages: readonly DigestMessage[];
}

export interface MessageDigest {
  subject: string;
  body: string;
}
