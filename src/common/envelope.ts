/** The client shows only these message types; `danger` and `info` are silently dropped by it. */
export type MessageType = 'success' | 'warning' | 'error';

export interface ReturnMessageDetails {
  title: string;
  items: { id: string; type: 'text'; text: string }[];
}

export interface ReturnMessage {
  message: string;
  messageType: MessageType;
  ttl: number;
  details?: ReturnMessageDetails[];
  [extra: string]: unknown;
}

/** The reply envelope every JSON route shares (docs/client-contract.md, Conventions). */
export interface Envelope {
  successful: boolean;
  returnMessage?: ReturnMessage;
  [field: string]: unknown;
}

export function returnMessage(
  message: string,
  messageType: MessageType,
  ttl: number,
  details?: ReturnMessageDetails[],
): ReturnMessage {
  return details && details.length > 0
    ? { message, messageType, ttl, details }
    : { message, messageType, ttl };
}

export const success = (message: string, ttl = 2000): ReturnMessage =>
  returnMessage(message, 'success', ttl);

export const warning = (message: string, ttl = 3000, details?: ReturnMessageDetails[]) =>
  returnMessage(message, 'warning', ttl, details);

export function detailLines(title: string, ...lines: string[]): ReturnMessageDetails[] {
  const items = lines
    .filter((line) => line !== '')
    .map((text, index) => ({ id: String(index + 1), type: 'text' as const, text }));
  return items.length > 0 ? [{ title, items }] : [];
}
