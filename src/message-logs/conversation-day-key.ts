import { createHash } from 'node:crypto';
import { formatLogDate } from '../activity-body/log-body/index.js';
import { AppError } from '../common/errors/app-error.js';

/** What identifies a conversation-day when the client leaves out its ids (all optional officially). */
export interface ConversationDaySources {
  conversationId?: string;
  conversationLogId?: string;
  /** The correspondents' phone numbers, in any order. */
  numbers: readonly string[];
  /** The first message's time (or the time the log arrived, for messages without one). */
  firstMessageAt: Date;
  /** The CRM user's IANA zone; UTC without one. */
  timeZone?: string;
}

export interface ConversationDayKey {
  conversationId: string;
  /** The group key before any group-SMS suffix. */
  conversationLogId: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/**
 * The conversation and its per-day group key (docs/client-contract.md, Message logs). The client's
 * ids are kept as sent. A missing `conversationLogId` is built the way the client builds it,
 * `<conversationId>-<YYYY-MM-DD>` (the first message's day, in the user's zone); a missing
 * `conversationId` is `numbers-<digest of the sorted correspondent numbers>`, so the same people
 * give the same key in any order. Neither id nor number: a 400.
 */
export function conversationDayKey(sources: ConversationDaySources): ConversationDayKey {
  const numbers = [...new Set(sources.numbers.map((n) => n.trim()).filter((n) => n !== ''))].sort();
  const logId = sources.conversationLogId?.trim();
  const conversationId =
    sources.conversationId?.trim() ||
    (numbers.length > 0 ? `numbers-${digest(numbers.join('\n'))}` : undefined) ||
    (logId ? `log-${digest(logId)}` : undefined);
  if (!conversationId) {
    throw AppError.invalidRequest(
      'logInfo needs a conversationId, a conversationLogId or a correspondent phoneNumber',
    );
  }
  const day = formatLogDate(sources.firstMessageAt, 'YYYY-MM-DD', sources.timeZone);
  return { conversationId, conversationLogId: logId || `${conversationId}-${day}` };
}
