import { createHash } from 'node:crypto';
import { formatLogDate } from '../activity-body/log-body/index.js';
import { AppError } from '../common/errors/app-error.js';

export interface ConversationDaySources {
  conversationId?: string;
  conversationLogId?: string;
  numbers: readonly string[];
  firstMessageAt: Date;
  timeZone?: string;
}

export interface ConversationDayKey {
  conversationId: string;
  conversationLogId: string;
}

const digest = (text: string) => createHash('sha256').update(text).digest('base64url').slice(0, 22);

/** The conversation and its per-day group key, derived as the client would (docs/client-contract.md). */
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
