import {
  escapeMarkdown,
  markdownLinkDestination,
  safeHttpUrl,
  sanitizeText,
  toSingleLine,
} from '../log-body/index.js';
import { holdsLines, raiseCount, type DigestCodec, type EntryParts } from './digest-codec.js';

const BLOCK_HEADER = '### Conversation';
const COUNT = /^(\*\*Messages\*\*: )(\d+)[ \t]*$/m;

function attachment(label: string, link: string | undefined): string {
  const href = link ? safeHttpUrl(link) : undefined;
  const text = escapeMarkdown(toSingleLine(label));
  return href ? `${text}: [open](${markdownLinkDestination(href)})` : text;
}

function entry(parts: EntryParts): string {
  const text = sanitizeText(parts.text).trim() || parts.placeholder;
  const [first = '', ...more] = text.split('\n').map(escapeMarkdown);
  const time = escapeMarkdown(toSingleLine(parts.time));
  const sender = escapeMarkdown(toSingleLine(parts.sender));
  const continuation = [...more, ...parts.attachments.map((a) => attachment(a.label, a.link))];
  return `- ${time} **${sender}**: ${first}\n${continuation.map((line) => `  ${line}\n`).join('')}`;
}

/** Markdown: `**Label**: value` header lines and a `### Conversation` list, one item per message. */
export const markdownDigestCodec: DigestCodec = {
  normalize: (body) => body.replace(/\r\n?/g, '\n'),

  header(conversation, count) {
    const line = (label: string, value: string | undefined) =>
      value?.trim() ? `**${label}**: ${escapeMarkdown(toSingleLine(value))}\n` : '';
    return (
      line('Participants', conversation.participants.join(', ')) +
      line('Owner', conversation.owner) +
      line('Assignee', conversation.assignee) +
      `**Messages**: ${count}\n`
    );
  },

  block: (entries) => `\n${BLOCK_HEADER}\n${entries.join('')}`,

  entry,

  holds: (body, rendered) => holdsLines(body, rendered),

  append(body, entries) {
    const lines = body.split('\n');
    const header = lines.findIndex((line) => line.trimEnd() === BLOCK_HEADER);
    let next: string;
    if (header === -1) {
      const separator = body === '' || body.endsWith('\n') ? '' : '\n';
      next = `${body}${separator}${this.block(entries)}`;
    } else {
      // The list runs while lines are items (`- `) or their indented continuations.
      let last = header;
      while (last + 1 < lines.length && /^(?:- | {2})/.test(lines[last + 1]!)) last += 1;
      const head = lines.slice(0, last + 1).join('\n');
      const rest = lines.slice(last + 1).join('\n');
      next = `${head}\n${entries.join('')}${rest}`;
    }
    return raiseCount(next, COUNT, entries.length);
  },
};
