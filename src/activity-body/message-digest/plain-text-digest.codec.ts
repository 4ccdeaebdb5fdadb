import { escapePlainText, sanitizeText, toSingleLine } from '../log-body/index.js';
import { holdsLines, raiseCount, type DigestCodec, type EntryParts } from './digest-codec.js';

const BLOCK_LABEL = '- Conversation:';
const END_MARKER = '--- END';
const COUNT = /^(- Messages: )(\d+)[ \t]*$/m;

/** Continuation lines are indented, so only our own `--- END` line can close the block. */
const indent = (lines: readonly string[]): string => lines.map((line) => `  ${line}\n`).join('');

function entry(parts: EntryParts): string {
  const text = sanitizeText(parts.text).trim() || parts.placeholder;
  const [first = '', ...more] = text.split('\n');
  const head = escapePlainText(
    `${toSingleLine(parts.time)} ${toSingleLine(parts.sender)}: ${first}`,
  );
  const attachments = parts.attachments.map((attachment) => {
    const label = toSingleLine(attachment.label);
    return attachment.link ? `${label}: ${toSingleLine(attachment.link)}` : label;
  });
  return `${head}\n${indent([...more.map(escapePlainText), ...attachments])}`;
}

/** Plain text: `- Label: value` header lines and a `- Conversation:` block closed by `--- END`. */
export const plainTextDigestCodec: DigestCodec = {
  normalize: (body) => body.replace(/\r\n?/g, '\n'),

  header(conversation, count) {
    const line = (label: string, value: string | undefined) =>
      value?.trim() ? `- ${label}: ${toSingleLine(value)}\n` : '';
    return (
      line('Participants', conversation.participants.join(', ')) +
      line('Owner', conversation.owner) +
      line('Assignee', conversation.assignee) +
      `- Messages: ${count}\n`
    );
  },

  block: (entries) => `${BLOCK_LABEL}\n${entries.join('')}${END_MARKER}\n`,

  entry,

  holds: (body, rendered) => holdsLines(body, rendered),

  append(body, entries) {
    const lines = body.split('\n');
    const start = lines.findIndex((line) => line.trimEnd() === BLOCK_LABEL);
    const end =
      start === -1
        ? -1
        : lines.findIndex((line, index) => index > start && line.trimEnd() === END_MARKER);
    let next: string;
    if (end === -1) {
      const separator = body === '' || body.endsWith('\n') ? '' : '\n';
      next = `${body}${separator}${this.block(entries)}`;
    } else {
      const before = lines.slice(0, end).join('\n');
      next = `${before}\n${entries.join('')}${lines.slice(end).join('\n')}`;
    }
    return raiseCount(next, COUNT, entries.length);
  },
};
