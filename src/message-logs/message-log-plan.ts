import type { MessageLogKind } from '../crm/crm-activity.types.js';
import { digestAttachments } from './attachment-links.js';
import { conversationDayKey } from './conversation-day-key.js';
import type { CreateMessageLogDto } from './dto/create-message-log.dto.js';
import type { MessageDto, MessagePartyDto } from './dto/message.dto.js';
import type { DigestConversation, DigestMessage } from '../activity-body/message-digest/index.js';

export interface PlannedMessage {
  id: string;
  key: string;
  digest: DigestMessage;
}

export interface MessageLogPlan {
  conversationId: string;
  /** The conversationLogId, suffixed `-<contactId>` for a group SMS. */
  groupKey: string;
  kind: MessageLogKind;
  isGroup: boolean;
  /** `owner` present (shared inbox): the digest is rewritten whole. */
  isShared: boolean;
  contactNumber: string;
  all: PlannedMessage[];
  selected: PlannedMessage[];
  conversation: Omit<DigestConversation, 'messages'>;
}

export interface PlanContext {
  receivedAt?: Date;
  timeZone?: string;
}

const text = (value: string | undefined): string => value?.trim() ?? '';

function kindOf(type: string | undefined): MessageLogKind {
  const lower = text(type).toLowerCase();
  if (lower === 'fax') return 'fax';
  if (lower === 'voicemail') return 'voicemail';
  return 'sms';
}

const unique = (values: string[]): string[] => [...new Set(values.filter((v) => v !== ''))];

/** What one POST /messageLog logs, from the request alone: keys, messages oldest first, senders. */
export function planMessageLog(
  input: CreateMessageLogDto,
  agentName: string,
  context: PlanContext = {},
): MessageLogPlan {
  const info = input.logInfo;
  const receivedAt = context.receivedAt ?? new Date();
  const correspondents: MessagePartyDto[] = info.correspondents ?? [];
  const contactId = text(input.contactId);
  const isGroup = correspondents.length > 1;
  const owner = text(info.owner?.name);
  const isShared = owner !== '';
  const agent = text(agentName) || 'Agent';
  const contactNumber = text(correspondents[0]?.phoneNumber);
  const contactLabel =
    text(input.contactName) || text(correspondents[0]?.name) || contactNumber || 'Unknown contact';

  const correspondentNumbers = new Set(
    correspondents.map((c) => text(c.phoneNumber)).filter((n) => n !== ''),
  );
  // No direction: from a correspondent's number inbound, else outbound; no sender, the contact's.
  const directionOf = (message: MessageDto): 'Inbound' | 'Outbound' => {
    if (message.direction) return message.direction;
    const from = text(message.from?.phoneNumber);
    return from === '' || correspondentNumbers.has(from) ? 'Inbound' : 'Outbound';
  };
  const senderOf = (message: MessageDto): string => {
    if (directionOf(message) === 'Outbound') {
      if (!isShared) return agent;
      return text(message.author?.name) || text(message.from?.name) || owner;
    }
    if (!isGroup) return contactLabel;
    const number = text(message.from?.phoneNumber);
    const known = correspondents.find((c) => number !== '' && text(c.phoneNumber) === number);
    return text(message.from?.name) || text(known?.name) || number || contactLabel;
  };

  const timeOf = (message: MessageDto): Date => message.creationTime ?? receivedAt;
  const seen = new Set<string>();
  const all = info.messages
    .filter((message) => !seen.has(message.id) && seen.add(message.id))
    .map((message, index) => ({ message, index }))
    .sort((a, b) => timeOf(a.message).getTime() - timeOf(b.message).getTime() || a.index - b.index)
    .map(({ message }) => ({
      id: message.id,
      key: isGroup ? `${message.id}-${contactId}` : message.id,
      digest: {
        direction: directionOf(message),
        sender: senderOf(message),
        text: message.subject,
        creationTime: timeOf(message),
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

  const day = conversationDayKey({
    conversationId: info.conversationId,
    conversationLogId: info.conversationLogId,
    numbers: correspondents.map((c) => text(c.phoneNumber)),
    firstMessageAt: all[0]?.digest.creationTime ?? receivedAt,
    timeZone: context.timeZone,
  });

  return {
    conversationId: day.conversationId,
    groupKey: isGroup ? `${day.conversationLogId}-${contactId}` : day.conversationLogId,
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
