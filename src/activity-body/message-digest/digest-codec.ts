import type { DigestConversation } from './message-digest.types.js';

/** Renders and extends a digest body in one format. Every user-supplied value is escaped. */
export interface DigestCodec {
  normalize(body: string): string;
  header(conversation: DigestConversation, count: number): string;
  block(entries: readonly string[]): string;
  entry(message: EntryParts): string;
  holds(body: string, entry: string): boolean;
  /** Adds at the end of the conversation block (a new one when it is gone) and raises the count. */
  append(body: string, entries: readonly string[]): string;
}

export interface EntryParts {
  time: string;
  sender: string;
  text: string;
  placeholder: string;
  attachments: readonly { label: string; link?: string }[];
}

/** Raises the first count matched by `pattern` (group 1: text before it, group 2: the number). */
export function raiseCount(body: string, pattern: RegExp, by: number): string {
  return body.replace(
    pattern,
    (_match, before: string, count: string) => `${before}${Number(count) + by}`,
  );
}

/** Whether `body` holds `rendered` as whole lines; a CRM may have trimmed the final line break. */
export function holdsLines(body: string, rendered: string): boolean {
  const padded = `\n${body}\n`;
  return padded.includes(`\n${rendered.endsWith('\n') ? rendered : `${rendered}\n`}`);
}
