import type { MessageLogKind } from '../crm/crm-provider.interface.js';
import { digestAttachments } from './attachment-links.js';
import type { CreateMessageLogDto } from './dto/create-message-log.dto.js';
import type { MessageDto, MessagePartyDto } from './dto/message.dto.js';
import type { DigestConversation, DigestMessage } from './message-digest/index.js';

export interface PlannedMessage {
  /** The RingCentral message id: what `logIds` lists. */
  id: string;
  /** The stored key: the id, or `<id>-<contactId>` for a group SMS. */
  key: string;
  digest: DigestMessage;
}

/** What one POST /messageLog is about, worked out from the request alone (docs/client-contract.md, Message logs). */
export interface MessageLogPlan {
  conversationId: string;
  /** conversationLogId, or `<conversationLogId>-<contactId>` for a group SMS. */
  groupKey: string;
  kind: MessageLogKind;
  /** More than one correspondent: logged once per selected contact. */
  isGroup: boolean;
  /** A shared inbox or call-queue conversation (`owner` present): its digest is rewritten whole. */
  isShared: boolean;
  /** The first correspondent's number, for "Contact not found for number …". */
  contactNumber: string;
  /** Every message of the request once, oldest first. */
  all: PlannedMessage[];
  /** The messages to log: `all`, narrowed to `selectedMessageIds` when the client sent them. */
  selected: PlannedMessage[];
  conversation: Omit<DigestConversation, 'messages'>;
}

const text = (value: string | undefined): string => value?.trim() ?? '';

function kindOf(type: string | undefined): MessageLogKind {
  const lower = text(type).toLowerCase();
  if (lower === 'fax') return 'fax';
  if (lower === 'voicemail') return 'voicemail';
  return 'sms';
}

const unique = (values: string[]): string[] => [...new Set(values.filter((v) => v !== ''))];

/**
 * Plans the logging of a conversation-day: message and group keys (suffixed with the contact id
 * for a group SMS), the messages to log oldest first, and who sent each one. Outbound messages
 * are the agent's (the CRM user's name); in a shared inbox, the author's.
 */
export function planMessageLog(input: CreateMessageLogDto, agentName: string): MessageLogPlan {
  const info = input.logInfo;
  const correspondents: MessagePartyDto[] = info.correspondents ?? [];
  const contactId = text(input.contactId);
  const isGroup = correspondents.length > 1;
  const owner = text(info.owner?.name);
  const isShared = owner !== '';
  const agent = text(agentName) || 'Agent';
  const contactNumber = text(correspondents[0]?.phoneNumber);
  const contactLabel =
    text(input.contactName) || text(correspondents[0]?.name) || contactNumber || 'Unknown contact';

  const senderOf = (message: MessageDto): string => {
    if (message.direction === 'Outbound') {
      if (!isShared) return agent;
      return text(message.author?.name) || text(message.from?.name) || owner;
    }
    if (!isGroup) return contactLabel;
    const number = text(message.from?.phoneNumber);
    const known = correspondents.find((c) => number !== '' && text(c.phoneNumber) === number);
    return text(message.from?.name) || text(known?.name) || number || contactLabel;
  };

  const seen = new Set<string>();
  const all = info.messages
    .filter((message) => !seen.has(message.id) && seen.add(message.id))
    .map((message, index) => ({ message, index }))
    .sort(
      (a, b) =>
        a.message.creationTime.getTime() - b.message.creationTime.getTime() || a.index - b.index,
    )
    .map(({ message }) => ({
      id: message.id,
      key: isGroup ? `${message.id}-${contactId}` : message.id,
      digest: {
        direction: message.direction,
        sender: senderOf(message),
        text: message.subject,
        creationTime: message.creationTime,
        attachments: digestAttachments(message.attachments),
      },
    }));
  const selectedIds = input.selectedMessageIds ? new Set(input.selectedMessageIds) : undefined;
  const selected = selectedIds ? all.filter((m) => selectedIds.has(m.id)) : all;

  const contact = !isGroup && contactNumber ? `${contactLabel} (${contactNumber})` : contactLabel;
  const others = isGroup
    ? correspondents
        .map((c) => text(c.name) || text(c.phoneNumber))
        .filter((p) => p !== contactLabel)
    : [];
  const kind = kindOf(info.type ?? info.messages[0]?.type);
  const agents = isShared
    ? all.filter((m) => m.digest.direction === 'Outbound').map((m) => m.digest.sender)
    : [agent];

  return {
    conversationId: info.conversationId,
    groupKey: isGroup ? `${info.conversationLogId}-${contactId}` : info.conversationLogId,
    kind,
    isGroup,
    isShared,
    contactNumber,
    all,
    selected,
    conversation: {
      kind,
      contactName: contactLabel,
      participants: unique([contact, ...others, ...agents]),
      owner: owner || undefined,
      assignee: text(info.assignee?.name) || undefined,
    },
  };
}
