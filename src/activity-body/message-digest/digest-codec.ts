import type { DigestConversation } from './message-digest.types.js';

/** Renders and extends a digest body in one format. Every user-supplied value is escaped. */
export interface DigestCodec {
  /** Line-break normalisation applied to a body read back from the CRM. */
  normalize(body: string): string;
  /** Participants, owner, assignee and the message count. */
  header(conversation: DigestConversation, count: number): string;
  /** The conversation block holding the rendered entries. */
  block(entries: readonly string[]): string;
  /** One message; `time` is already formatted in the user's zone. */
  entry(message: EntryParts): string;
  /** Whether `body` already holds this rendered entry (a repeated append must not duplicate it). */
  holds(body: string, entry: string): boolean;
  /**
   * `body` with `entries` added at the end of its conversation block (a new block at the end when
   * the block is gone) and its message count raised by `entries.length`.
   */
  append(body: string, entries: readonly string[]): string;
}

export interface EntryParts {
  time: string;
  sender: string;
  /** Blank text is shown as `placeholder`. */
  text: string;
  placeholder: string;
  attachments: readonly { label: string; link?: string }[];
}

/** Raises the first count matched by `pattern` (group 1: text before the number, 2: the number). */
export function raiseCount(body: string, pattern: RegExp, by: number): string {
  return body.replace(
    pattern,
    (_match, before: string, count: string) => `${before}${Number(count) + by}`,
  );
}

/** Whether `body` holds `rendered` as whole lines (a CRM may have trimmed the final line break). */
export function holdsLines(body: string, rendered: string): boolean {
  const padded = `\n${body}\n`;
  return padded.includes(`\n${rendered.endsWith('\n') ? rendered : `${rendered}\n`}`);
}
